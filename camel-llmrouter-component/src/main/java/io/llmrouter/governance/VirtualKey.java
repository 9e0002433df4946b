package io.llmrouter.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A credential the gateway issued to a caller, as stored: the secret itself is never kept, only its SHA-256
 * ({@link KeyMaterial#hash}) and a hint of its last characters to tell keys apart.
 *
 * @param models      names or glob patterns ({@code gpt-4o*}, {@code openai/*}) the key may use; empty: any
 * @param strategy    the routing strategy when the caller names none; null: the endpoint's
 * @param preferences routing preferences ({@code x-llmrouter-*} header names without the prefix, e.g.
 *                    {@code max-price}) applied when the caller does not set them
 * @param expiresAt   null: never
 * @param revokedAt   null: in force
 * @param audit       the access log keeps this key's prompts and answers (key material redacted); off by default
 */
public record VirtualKey(String id, String name, String hash, String hint, String team, List<String> models,
                         Limits limits, String strategy, Map<String, String> preferences, List<String> tags,
                         Instant expiresAt, Instant createdAt, Instant revokedAt, boolean audit) {

    /** A key without audit logging. */
    public VirtualKey(String id, String name, String hash, String hint, String team, List<String> models,
                      Limits limits, String strategy, Map<String, String> preferences, List<String> tags,
                      Instant expiresAt, Instant createdAt, Instant revokedAt) {
        this(id, name, hash, hint, team, models, limits, strategy, preferences, tags, expiresAt, createdAt, revokedAt,
                false);
    }

    public VirtualKey {
        Names.require("key id", id);
        if (team != null) {
            Names.require("team", team);
        }
        models = models == null ? List.of() : List.copyOf(models);
        limits = limits == null ? Limits.NONE : limits;
        preferences = preferences == null ? Map.of() : Map.copyOf(preferences);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public VirtualKey withSecret(String newHash, String newHint) {
        return new VirtualKey(id, name, newHash, newHint, team, models, limits, strategy, preferences, tags, expiresAt,
                createdAt, revokedAt, audit);
    }

    public VirtualKey revokedAt(Instant at) {
        return new VirtualKey(id, name, hash, hint, team, models, limits, strategy, preferences, tags, expiresAt,
                createdAt, at, audit);
    }

    public VirtualKey withAudit(boolean on) {
        return new VirtualKey(id, name, hash, hint, team, models, limits, strategy, preferences, tags, expiresAt,
                createdAt, revokedAt, on);
    }
}
