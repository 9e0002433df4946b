package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.llmrouter.api.LlmException;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.LearnedSettings;
import io.llmrouter.learned.QualityPredictor;
import io.llmrouter.state.RouterState;

/**
 * Highest predicted quality for this prompt first, as the catalog's learned quality model predicts it (embedding
 * kNN, see {@code io.llmrouter.learned}). With {@code quality_floor} X, the models predicted at least X times the
 * best prediction go first, cheapest first, then the rest by predicted quality: RouteLLM's threshold routing over a
 * catalog. It only orders: filters ran before and failover follows the order. The prompt is embedded on a worker
 * pool before ranking; when that pool is full the request ranks without predictions (catalog order) rather than wait.
 */
public final class LearnedStrategy extends NamedStrategy {

    public static final String NAME = "learned";
    private static final Logger LOG = LoggerFactory.getLogger(LearnedStrategy.class);
    private static final String[] COMPONENTS = { "predicted_quality", "expected_cost_usd" };

    private final Supplier<LearnedSettings> settings;
    /** The predictor of the settings it was loaded for; a reloaded catalog with other settings loads anew. */
    private volatile Loaded loaded;

    private record Loaded(LearnedSettings settings, CompletableFuture<QualityPredictor> predictor) {
    }

    /** @param settings the catalog's {@code learned:} section, or null when it has none */
    public LearnedStrategy(LearnedSettings settings) {
        this(() -> settings);
    }

    /** @param settings the served catalog's {@code learned:} section (null when it has none), read per request */
    public LearnedStrategy(Supplier<LearnedSettings> settings) {
        super(NAME);
        this.settings = settings;
    }

    @Override
    public CompletableFuture<Void> prepare(RequestProfile profile) {
        if (profile.predicted()) {
            return CompletableFuture.completedFuture(null); // the rules had the prompt embedded: once is enough
        }
        return predictor().thenCompose(p -> p.predict(profile.text())).handle((quality, error) -> {
            if (error != null) {
                LOG.debug("No quality prediction, ranking in catalog order: {}", error.toString());
            } else {
                profile.predictedQuality(quality);
            }
            profile.predicted(true);
            return null;
        });
    }

    /**
     * Loaded on first use, on a worker (reading the model and starting the embedder take about a second: never on an
     * event loop), and only for callers of this strategy. A load that failed is tried again by a later request.
     */
    private CompletableFuture<QualityPredictor> predictor() {
        LearnedSettings now = settings.get();
        if (now == null) {
            throw LlmException.invalid("strategy", "The learned strategy needs a 'learned:' section in the "
                    + "catalog (model_file and profiles).");
        }
        Loaded l = loaded;
        if (l == null || l.settings() != now || l.predictor().isCompletedExceptionally()) {
            synchronized (this) {
                l = loaded;
                if (l == null || l.settings() != now || l.predictor().isCompletedExceptionally()) {
                    CompletableFuture<QualityPredictor> p = CompletableFuture.supplyAsync(() -> QualityPredictor.load(now));
                    p.whenComplete((v, e) -> {
                        if (e != null) {
                            LOG.error("learned quality model {} could not be loaded: {}", now.modelFile(),
                                    e.toString());
                        }
                    });
                    if (l != null) {
                        l.predictor().thenAccept(QualityPredictor::close); // its threads would outlive it
                    }
                    l = new Loaded(now, p);
                    loaded = l;
                }
            }
        }
        return l.predictor();
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        Map<String, Double> predicted = profile.predictedQuality();
        Double floor = profile.preferences().qualityFloor();
        double best = Double.NaN;
        List<Candidate> all = new ArrayList<>(admissible.size());
        for (Deployment d : admissible) {
            double q = predicted.getOrDefault(d.model().id(), Double.NaN);
            best = Double.isNaN(best) || q > best ? q : best;
            all.add(Candidate.of(d, q, COMPONENTS, q, profile.expectedCost(d)));
        }
        ByScore.sort(all, ScoredStrategy.HIGHER_IS_BETTER);
        if (floor == null || Double.isNaN(best)) {
            return all;
        }
        List<Candidate> goodEnough = new ArrayList<>();
        List<Candidate> rest = new ArrayList<>();
        for (Candidate c : all) {
            (c.score() >= floor * best ? goodEnough : rest).add(c);
        }
        List<Candidate> byCost = new ArrayList<>(goodEnough.size());
        for (Candidate c : goodEnough) {
            byCost.add(Candidate.of(c.deployment(), c.values()[1], c.names(), c.values()));
        }
        ByScore.sort(byCost, ScoredStrategy.LOWER_IS_BETTER);
        List<Candidate> out = new ArrayList<>(all.size());
        for (Candidate c : byCost) {
            out.add(Candidate.of(c.deployment(), c.values()[0], c.names(), c.values()));
        }
        out.addAll(rest);
        return out;
    }
}
