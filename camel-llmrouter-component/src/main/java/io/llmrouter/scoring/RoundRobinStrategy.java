package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Each request starts one further along the admissible list than the last request with the same candidates. */
public final class RoundRobinStrategy extends NamedStrategy {

    public static final String NAME = "round-robin";
    private static final String[] COMPONENTS = { "position" };

    /** Candidate sets can come from requests: past this many, start afresh rather than grow. */
    static final int MAX_SETS = 10_000;

    private final Map<Long, AtomicLong> counters = new ConcurrentHashMap<>();

    public RoundRobinStrategy() {
        super(NAME);
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        int n = admissible.size();
        if (counters.size() > MAX_SETS) {
            counters.clear();
        }
        int start = (int) Math.floorMod(counters.computeIfAbsent(key(admissible), k -> new AtomicLong())
                .getAndIncrement(), (long) n);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Deployment d = admissible.get((start + i) % n);
            out.add(Candidate.of(d, i, COMPONENTS, i));
        }
        return out;
    }

    /** Identifies a candidate set by its ids (cheaply: a rare collision only makes two sets share a counter). */
    static long key(List<Deployment> ds) {
        long h = ds.size();
        for (Deployment d : ds) {
            h = 31 * h + d.id().hashCode();
        }
        return h;
    }
}
