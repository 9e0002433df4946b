package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.llmrouter.catalog.Capability;
import io.llmrouter.catalog.Deployment;
import io.llmrouter.catalog.Model;
import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.DeploymentStats;
import io.llmrouter.state.RouterState;
import io.llmrouter.steering.Steering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the hard filters, recording each exclusion with its reason, lets the strategy order the rest, then moves the
 * caller's preferred models to the front. Filters that reflect health (cooldown, breaker, rate-limit headroom, latency
 * target) are marked so that an all-excluded answer can be a 503 rather than a 400.
 */
public final class Ranker {

    private static final Logger LOG = LoggerFactory.getLogger(Ranker.class);

    private final RouterState state;
    private final Random random;
    private final long slowStartNanos;

    /** @param slowStartNanos after its circuit closes, a deployment regains its place over this time (0: at once) */
    public Ranker(RouterState state, Random random, long slowStartNanos) {
        this.state = state;
        this.random = random;
        this.slowStartNanos = slowStartNanos;
    }

    public Ranker(RouterState state) {
        this(state, new Random(), 0);
    }

    public Ranking rank(RequestProfile profile, List<Deployment> candidates, Strategy strategy) {
        long now = state.nanoTime();
        List<Deployment> admissible = new ArrayList<>(candidates.size());
        List<Exclusion> excluded = new ArrayList<>();
        for (Deployment d : candidates) {
            Exclusion why = check(profile, d, now);
            if (why == null) {
                admissible.add(d);
            } else {
                excluded.add(why);
            }
        }
        boolean panic = admissible.isEmpty() && panic(candidates, excluded, admissible);
        List<Candidate> ranked = admissible.isEmpty() ? List.of() : strategy.rank(profile, admissible, state);
        Steering steering = profile.steering();
        String assignment = steering.subject() != null && strategy instanceof WeightedStrategy && !ranked.isEmpty()
                ? steering.subject().assignment(ranked.get(0).deployment().id()) : null;
        ranked = CacheAffinity.apply(NearestRegions.first(ranked, steering.regionOrder()), steering.affinityKey(),
                steering.regionOrder());
        Ranking ranking = new Ranking(strategy.name(), slowStart(preferredFirst(ranked, profile.preferences()), now),
                excluded, profile.preferences().explain(), panic, assignment, null);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ranked {}, excluded {}{}", strategy.name(), ranking.ranked().stream().map(Deployment::id)
                    .toList(), excluded.stream().map(x -> x.deployment() + " (" + x.reason() + ")").toList(),
                    panic ? ", in panic (every circuit open on connection failures)" : "");
        }
        return ranking;
    }

    /**
     * Envoy's panic threshold: when every candidate that could serve the request is out only because connection
     * failures opened its circuit, they are ranked anyway (the attempt loop then sends without a breaker permit)
     * rather than refusing all traffic for the open period. Circuits opened by the provider's own error answers, 429
     * cooldowns and rejected credentials are respected.
     */
    private static boolean panic(List<Deployment> candidates, List<Exclusion> excluded, List<Deployment> admissible) {
        boolean anyOpenOnConnections = false;
        for (Exclusion x : excluded) {
            if (x.health() && !x.openOnConnections()) {
                return false;
            }
            anyOpenOnConnections |= x.openOnConnections();
        }
        if (!anyOpenOnConnections) {
            return false;
        }
        // with nothing admissible, every candidate was excluded, in order
        for (int i = 0; i < candidates.size(); i++) {
            if (excluded.get(i).openOnConnections()) {
                admissible.add(candidates.get(i));
            }
        }
        excluded.removeIf(Exclusion::openOnConnections);
        return true;
    }

    private Exclusion check(RequestProfile profile, Deployment d, long now) {
        Model m = d.model();
        Preferences p = profile.preferences();
        if (!m.capabilities().containsAll(profile.needs())) {
            for (Capability c : profile.needs()) {
                if (!m.can(c)) {
                    return new Exclusion(d.id(), "does not support " + c.wireName(), false);
                }
            }
        }
        if (m.contextWindow() > 0 && profile.promptTokensUpperBound() > m.contextWindow() / 2) {
            int needed = profile.contextNeeded(d);
            if (needed > m.contextWindow()) {
                return new Exclusion(d.id(), "context window of " + m.contextWindow() + " tokens is smaller than the "
                        + needed + " this request needs", false);
            }
        }
        String provider = d.provider().id();
        if (!p.allowProviders().isEmpty() && !p.allowProviders().contains(provider)) {
            return new Exclusion(d.id(), "provider " + provider + " is not in allow_providers", false);
        }
        if (p.denyProviders().contains(provider)) {
            return new Exclusion(d.id(), "provider " + provider + " is in deny_providers", false);
        }
        if (!p.regions().isEmpty() && p.regions().stream().noneMatch(d.provider().regions()::contains)) {
            return new Exclusion(d.id(), "provider " + provider + " processes data in "
                    + (d.provider().regions().isEmpty() ? "unknown regions" : d.provider().regions())
                    + ", not in " + p.regions(), false);
        }
        if (p.maxPriceUsd() != null) {
            double cost = profile.expectedCost(d);
            if (Double.isNaN(cost)) {
                return new Exclusion(d.id(), "has no price in the catalog, so max_price cannot be guaranteed", false);
            }
            if (cost > p.maxPriceUsd()) {
                return new Exclusion(d.id(), String.format(Locale.ROOT, "expected cost $%.6f is over max_price $%.6f",
                        cost, p.maxPriceUsd()), false);
            }
        }
        if (p.minQuality() != null) {
            Double q = m.quality(p.task());
            if (q == null || q < p.minQuality()) {
                return new Exclusion(d.id(), "quality " + (q == null ? "unknown" : q) + " is below min_quality "
                        + p.minQuality(), false);
            }
        }
        DeploymentStats s = state.stats(d.id());
        String unavailable = s.unavailableReason(now);
        if (unavailable != null) {
            boolean onConnections = s.circuit() == CircuitStatus.OPEN && !s.circuitOpenedByProviderAnswers()
                    && unavailable.startsWith("circuit open");
            return new Exclusion(d.id(), unavailable, true, onConnections);
        }
        if (m.rpm() > 0 && s.requestsThisMinute(now) >= m.rpm()) {
            return new Exclusion(d.id(), "no rpm headroom: " + s.requestsThisMinute(now) + " of " + m.rpm()
                    + " requests used this minute", true);
        }
        if (m.tpm() > 0 && s.tokensThisMinute(now) + profile.approximatePromptTokens() + profile.expectedOutputTokens(d)
                > m.tpm()) {
            return new Exclusion(d.id(), "no tpm headroom: " + s.tokensThisMinute(now) + " of " + m.tpm()
                    + " tokens used this minute", true);
        }
        if (p.latencyTargetMs() != null) {
            double observed = s.peakEwmaMs(profile.streamed(), now);
            if (observed > p.latencyTargetMs()) {
                return new Exclusion(d.id(), String.format(Locale.ROOT, "observed %s %.0f ms is over latency_target_ms %.0f",
                        profile.streamed() ? "time to first token" : "latency", observed, p.latencyTargetMs()), true);
            }
        }
        return null;
    }

    /**
     * A deployment whose circuit closed recently keeps its rank only for a growing share of requests (10 % at once,
     * all after the slow-start time); otherwise it goes last, still there for failover. Traffic returns gradually
     * instead of rushing a provider that has just recovered.
     */
    private List<Candidate> slowStart(List<Candidate> ranked, long now) {
        if (slowStartNanos <= 0 || ranked.size() < 2) {
            return ranked;
        }
        List<Candidate> kept = new ArrayList<>(ranked.size());
        List<Candidate> demoted = new ArrayList<>(2);
        for (Candidate c : ranked) {
            long recovered = state.stats(c.deployment().id()).recoveredAtNanos();
            boolean recovering = recovered != Long.MIN_VALUE && now - recovered < slowStartNanos;
            if (recovering && random.nextDouble() >= Math.max(0.1, (double) (now - recovered) / slowStartNanos)) {
                demoted.add(c);
            } else {
                kept.add(c);
            }
        }
        if (demoted.isEmpty()) {
            return ranked;
        }
        kept.addAll(demoted);
        return kept;
    }

    /** Candidates the caller prefers go first, in the order of their preferences, each group in rank order. */
    private static List<Candidate> preferredFirst(List<Candidate> ranked, Preferences p) {
        if (p.prefer().isEmpty() || ranked.size() < 2) {
            return ranked;
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < p.prefer().size(); i++) {
            position.putIfAbsent(p.prefer().get(i), i);
        }
        record Match(int position, Candidate candidate) {
        }
        List<Match> preferred = new ArrayList<>();
        List<Candidate> rest = new ArrayList<>();
        for (Candidate c : ranked) {
            int best = position.getOrDefault(c.deployment().id(), Integer.MAX_VALUE);
            for (String alias : c.deployment().model().aliases()) {
                best = Math.min(best, position.getOrDefault(alias, Integer.MAX_VALUE));
            }
            if (best == Integer.MAX_VALUE) {
                rest.add(c);
            } else {
                preferred.add(new Match(best, c));
            }
        }
        // a stable sort: candidates matching the same preference keep their rank order
        preferred.sort(Comparator.comparingInt(Match::position));
        List<Candidate> out = new ArrayList<>(ranked.size());
        preferred.forEach(m -> out.add(m.candidate()));
        out.addAll(rest);
        return out;
    }
}
