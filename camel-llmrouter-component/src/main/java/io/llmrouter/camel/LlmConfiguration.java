package io.llmrouter.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.llmrouter.api.CancelToken;
import io.llmrouter.engine.RouteOptions;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options of an {@code llm:} endpoint; the component's copy is the default for every endpoint. */
@UriParams
public class LlmConfiguration implements Cloneable {

    @UriParam
    @Metadata(description = "One model (catalog id, alias or provider/NAME wildcard) this endpoint always uses, "
                            + "whatever the request body names")
    private String model;
    @UriParam
    @Metadata(description = "Comma-separated models the router may choose from when neither this endpoint nor the "
                            + "request names one (or the request names 'auto'); empty means every model in the catalog")
    private String candidates;
    @UriParam(defaultValue = "ordered")
    @Metadata(description = "How candidates are ranked: ordered (first healthy candidate in the given order), or the "
                            + "name of a io.llmrouter.scoring.Strategy bean in the registry")
    private String strategy = "ordered";
    @UriParam(defaultValue = "600000")
    @Metadata(description = "Overall deadline of a request in milliseconds, failover included; for a stream, until "
                            + "its first token")
    private long timeout = 600_000;
    @UriParam(defaultValue = "60000")
    @Metadata(description = "Milliseconds a streamed attempt may wait for its first token before the next candidate "
                            + "is tried")
    private long firstTokenTimeout = 60_000;
    @UriParam(defaultValue = "60000")
    @Metadata(description = "Milliseconds a stream may stay silent between events before it is considered stalled")
    private long stallTimeout = 60_000;

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getCandidates() {
        return candidates;
    }

    public void setCandidates(String candidates) {
        this.candidates = candidates;
    }

    public String getStrategy() {
        return strategy;
    }

    public void setStrategy(String strategy) {
        this.strategy = strategy;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public long getFirstTokenTimeout() {
        return firstTokenTimeout;
    }

    public void setFirstTokenTimeout(long firstTokenTimeout) {
        this.firstTokenTimeout = firstTokenTimeout;
    }

    public long getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(long stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    public List<String> candidateList() {
        List<String> out = new ArrayList<>();
        if (candidates != null) {
            for (String c : candidates.split(",")) {
                if (!c.isBlank()) {
                    out.add(c.trim());
                }
            }
        }
        return out;
    }

    /** Fails fast on values that cannot work, saying what to do. */
    public void validate() {
        for (String[] option : new String[][] { { "timeout", "" + timeout }, { "firstTokenTimeout", "" + firstTokenTimeout },
                { "stallTimeout", "" + stallTimeout } }) {
            if (Long.parseLong(option[1]) <= 0) {
                throw new IllegalArgumentException("llm: option " + option[0] + " must be a positive number of "
                                                   + "milliseconds, was " + option[1]);
            }
        }
        if (strategy == null || strategy.isBlank()) {
            throw new IllegalArgumentException("llm: option strategy must not be empty");
        }
    }

    public RouteOptions routeOptions(CancelToken cancel) {
        return new RouteOptions(model, candidateList(), strategy, Duration.ofMillis(timeout),
                Duration.ofMillis(firstTokenTimeout), Duration.ofMillis(stallTimeout), RouteOptions.DEFAULT_ACCOUNT,
                cancel);
    }

    public LlmConfiguration copy() {
        try {
            return (LlmConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
