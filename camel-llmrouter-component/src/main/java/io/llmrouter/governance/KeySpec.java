package io.llmrouter.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What an admin asks for when creating a key; see {@link VirtualKey} for each field. */
public record KeySpec(String name, String team, List<String> models, Limits limits, String strategy,
                      Map<String, String> preferences, List<String> tags, Instant expiresAt, boolean audit) {

    /** A key without audit logging. */
    public KeySpec(String name, String team, List<String> models, Limits limits, String strategy,
                   Map<String, String> preferences, List<String> tags, Instant expiresAt) {
        this(name, team, models, limits, strategy, preferences, tags, expiresAt, false);
    }
}
