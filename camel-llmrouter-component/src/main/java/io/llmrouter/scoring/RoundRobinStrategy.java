package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.llmrouter.catalog.Deployment;
import io.llmrouter.state.RouterState;

/** Each request starts one further along the admissible list than the last request with the same candidates. */
public final class RoundRobinStrategy implements Strategy {

    public static final String NAME = "round-robin";

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> rank(RequestProfile profile, List<Deployment> admissible, RouterState state) {
        int n = admissible.size();
        int start = (int) Math.floorMod(counters.computeIfAbsent(key(admissible), k -> new AtomicLong())
                .getAndIncrement(), (long) n);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Deployment d = admissible.get((start + i) % n);
            out.add(new Candidate(d, i, Map.of("position", (double) i)));
        }
        return out;
    }

    static String key(List<Deployment> ds) {
        StringBuilder sb = new StringBuilder();
        for (Deployment d : ds) {
            sb.append(d.id()).append('\n');
        }
        return sb.toString();
    }
}
