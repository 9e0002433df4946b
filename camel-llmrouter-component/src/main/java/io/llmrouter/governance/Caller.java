package io.llmrouter.governance;

/** Who is calling: a virtual key and the team it belongs to (null when it has none). */
public record Caller(VirtualKey key, Team team) {

    public String keyId() {
        return key.id();
    }

    public String teamId() {
        return team == null ? null : team.id();
    }
}
