package io.llmrouter.governance;

import java.time.Instant;

/** A group of keys that shares limits and a budget; every key of it is held to the team's and its own. */
public record Team(String id, String name, Limits limits, Instant createdAt) {

    public Team {
        Names.require("team id", id);
        limits = limits == null ? Limits.NONE : limits;
    }
}
