package io.llmrouter.app;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Json;
import io.llmrouter.catalog.Catalog;
import io.llmrouter.catalog.LiveCatalog;
import io.llmrouter.catalog.Provider;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON object per {@code /v1/*} request, on one line, written to the SLF4J logger
 * {@value #LOGGER} at INFO once the response has ended (the shipped logback.xml sends that logger's lines, as they are,
 * to standard output). Prompts and answers are left out, except for a key with audit logging on, and then only with
 * key material redacted ({@link Redaction}). {@code cache} is {@code hit} for an answer from the response cache (its
 * decision's strategy is {@code cache}), else {@code none}.
 * <p>
 * An event loop only queues the request's summary, without a lock or waking anyone; one thread writes the lines every
 * few milliseconds, so neither the JSON nor the logger's locks and writes cost the event loops anything. When standard
 * output cannot keep up and {@value #MAX_QUEUED} summaries are queued, further ones are dropped and counted (a WARN
 * says how many, once a minute) rather than holding an event loop. Stopping writes what is queued.
 */
final class AccessLog extends ServiceSupport implements RequestObserver {

    static final String LOGGER = "llmrouter.access";
    /** The Camel Main property (or LLMROUTER_ACCESS_LOG): true by default, false registers no access log at all. */
    static final String PROPERTY = "llmrouter.access-log";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    static final int MAX_QUEUED = 65_536;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DROP_WARNING_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Redaction redaction;
    private final Queue<RequestSummary> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread writer;
    private volatile boolean stopping;

    /** @param secrets redacted from audited prompts and answers, besides any virtual key */
    AccessLog(Collection<String> secrets) {
        this.redaction = new Redaction(secrets);
    }

    /**
     * An access log that redacts the master key (null when unset) and the catalog's provider keys, those of every
     * catalog that replaces it included.
     */
    static AccessLog of(String masterKey, LiveCatalog catalog) {
        List<String> secrets = new ArrayList<>();
        secrets.add(masterKey);
        secrets.addAll(providerKeys(catalog.get()));
        AccessLog log = new AccessLog(secrets);
        catalog.onReplace(next -> log.redaction.add(providerKeys(next)));
        return log;
    }

    private static List<String> providerKeys(Catalog catalog) {
        List<String> keys = new ArrayList<>();
        for (Provider p : catalog.providers()) {
            keys.add(p.apiKey());
        }
        return keys;
    }

    /** Whether the access log is on for a setting's value: unset or true, or false; anything else is refused. */
    static boolean enabled(String value) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("LLMROUTER_ACCESS_LOG (" + PROPERTY + ") must be true or "
                    + "false, not " + value);
        };
    }

    @Override
    public void requestEnded(RequestSummary request) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (queuedCount.incrementAndGet() > MAX_QUEUED) {
            queuedCount.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queued.add(request);
    }

    @Override
    protected void doStart() {
        stopping = false;
        Thread t = new Thread(this::writeLines, "llmrouter-access-log");
        t.setDaemon(true);
        writer = t;
        t.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        stopping = true;
        Thread t = writer;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(10_000);
        }
    }

    /** The writer thread: drains the queue, then naps; after a stop, drains once more and ends. */
    private void writeLines() {
        long lastWarning = System.nanoTime() - DROP_WARNING_NANOS;
        while (true) {
            boolean last = stopping;
            RequestSummary r;
            while ((r = queued.poll()) != null) {
                queuedCount.decrementAndGet();
                try {
                    LOG.info(line(r));
                } catch (RuntimeException e) {
                    LOG.warn("access log: a request's line could not be written: {}", e.toString());
                }
            }
            if (dropped.get() > 0 && System.nanoTime() - lastWarning >= DROP_WARNING_NANOS) {
                lastWarning = System.nanoTime();
                LoggerFactory.getLogger(AccessLog.class).warn("access log: {} lines dropped: standard output could not"
                        + " keep up", dropped.getAndSet(0));
            }
            if (last) {
                return;
            }
            LockSupport.parkNanos(this, IDLE_NANOS);
        }
    }

    /** The request's line: JSON with every string escaped, so a quote or newline in a model name stays inside it. */
    String line(RequestSummary r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(r.startedEpochMillis()).toString());
            g.writeStringField("request_id", r.requestId());
            g.writeStringField("key_id", r.keyId());
            g.writeStringField("team", r.team());
            g.writeStringField("route", r.path());
            g.writeStringField("dialect", r.dialect());
            g.writeStringField("model_requested", r.requestedModel());
            g.writeStringField("model", r.model());
            g.writeStringField("provider", r.provider());
            g.writeStringField("strategy", r.strategy());
            g.writeBooleanField("stream", r.stream());
            g.writeNumberField("status", r.status());
            g.writeStringField("error", r.errorKind());
            g.writeStringField("error_code", r.errorCode());
            g.writeArrayFieldStart("attempts");
            for (RequestSummary.UpstreamAttempt a : r.upstreamAttempts()) {
                g.writeStartObject();
                g.writeStringField("model", a.model());
                g.writeStringField("provider", a.provider());
                g.writeStringField("error", a.errorKind());
                millis(g, "latency_ms", a.durationNanos());
                g.writeEndObject();
            }
            g.writeEndArray();
            millis(g, "latency_ms", r.durationNanos());
            millis(g, "ttft_ms", r.ttftNanos());
            millis(g, "overhead_ms", r.overheadNanos());
            count(g, "prompt_tokens", r.promptTokens());
            count(g, "completion_tokens", r.completionTokens());
            if (Double.isNaN(r.costUsd())) {
                g.writeNullField("cost_usd");
            } else {
                g.writeFieldName("cost_usd");
                g.writeNumber(ResponseWriter.fixed(r.costUsd(), 8));
            }
            g.writeStringField("cache", "cache".equals(r.strategy()) ? "hit" : "none");
            if (r.audit() != null) {
                audit(g, r.audit());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** An audited request's prompt (its messages, system prompt or input) and the answer's text, redacted. */
    private void audit(JsonGenerator g, RequestSummary.Audit audit) throws IOException {
        if (audit.request() != null) {
            String body = redaction.apply(new String(audit.request(), StandardCharsets.UTF_8));
            JsonNode parsed = parse(body);
            g.writeFieldName("prompt");
            if (parsed instanceof ObjectNode o) {
                ObjectNode prompt = Json.MAPPER.createObjectNode();
                for (String field : new String[] {"system", "messages", "input", "prompt"}) {
                    if (o.has(field)) {
                        prompt.set(field, o.get(field));
                    }
                }
                g.writeTree(prompt);
            } else {
                g.writeString(body); // not JSON: the caller was answered 400, and the log shows what it sent
            }
        }
        String answer = audit.text() != null ? audit.text()
                : audit.answer() != null ? AnswerText.of(parse(new String(audit.answer(), StandardCharsets.UTF_8)))
                : null;
        g.writeStringField("answer", redaction.apply(answer));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static void millis(JsonGenerator g, String field, long nanos) throws IOException {
        g.writeFieldName(field);
        if (nanos < 0) {
            g.writeNull();
        } else {
            g.writeNumber(ResponseWriter.fixed(nanos / 1e6, 3));
        }
    }

    private static void count(JsonGenerator g, String field, long n) throws IOException {
        if (n < 0) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, n);
        }
    }
}
