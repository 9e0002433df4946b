package io.llmrouter.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmrouter.catalog.Deployment;

/**
 * The failover order for one request, the strategy that made it, and the candidates left out with reasons.
 *
 * @param explained the caller asked to see the decision ({@code x-llmrouter-explain: true})
 * @param panic     every candidate's circuit was open on connection failures, so they were ranked anyway
 * @param assignment the sticky arm and its subject's kind and digest (see Subject#assignment), or null
 * @param rule       the name of the catalog rule that chose the candidates or strategy, or null
 */
public record Ranking(String strategy, List<Candidate> candidates, List<Exclusion> excluded, boolean explained,
                      boolean panic, String assignment, String rule) {

    public Ranking(String strategy, List<Candidate> candidates, List<Exclusion> excluded, boolean explained,
                   boolean panic) {
        this(strategy, candidates, excluded, explained, panic, null, null);
    }

    public Ranking withRule(String name) {
        return new Ranking(strategy, candidates, excluded, explained, panic, assignment, name);
    }

    public List<Deployment> ranked() {
        List<Deployment> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            out.add(c.deployment());
        }
        return out;
    }

    /** The decision as plain maps and lists, ready for JSON: strategy, ranking with score components, exclusions. */
    public Map<String, Object> explain() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategy", strategy);
        if (rule != null) {
            out.put("rule", rule);
        }
        if (assignment != null) {
            out.put("assignment", assignment);
        }
        List<Object> ranking = new ArrayList<>();
        int rank = 1;
        for (Candidate c : candidates) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("rank", rank++);
            e.put("model", c.deployment().id());
            e.put("provider", c.deployment().provider().id());
            e.put("score", c.score());
            e.put("components", c.components());
            ranking.add(e);
        }
        out.put("ranking", ranking);
        List<Object> excl = new ArrayList<>();
        for (Exclusion x : excluded) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", x.deployment());
            e.put("reason", x.reason());
            excl.add(e);
        }
        out.put("excluded", excl);
        if (panic) {
            out.put("panic", true);
        }
        return out;
    }
}
