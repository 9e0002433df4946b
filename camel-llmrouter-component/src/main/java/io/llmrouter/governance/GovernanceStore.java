package io.llmrouter.governance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where teams, keys and the spend ledger persist (JDBC: {@link JdbcGovernanceStore}). Calls block: the request path
 * never calls it, only the admin API, start-up and the ledger's writer thread.
 */
public interface GovernanceStore extends AutoCloseable {

    /** How spend reports are grouped. */
    enum GroupBy { KEY, TEAM, MODEL, DAY }

    /** Creates the team, or replaces the one with its id. */
    void saveTeam(Team team);

    Optional<Team> team(String id);

    List<Team> teams();

    /** Creates the key, or replaces the one with its id (a rotation changes its hash, a revocation its revokedAt). */
    void saveKey(VirtualKey key);

    Optional<VirtualKey> key(String id);

    Optional<VirtualKey> keyByHash(String hash);

    /** Every key, revoked and expired ones included. */
    List<VirtualKey> keys();

    /** Adds the entries in one transaction: all are durable when it returns, or none and it throws. */
    void append(List<SpendEntry> entries);

    /** Total USD of a key's ({@code team == false}) or a team's entries at or after {@code since}. */
    double spendSince(String id, boolean team, Instant since);

    /**
     * Spend in {@code [from, to)} grouped by key, team, model or UTC day (as {@code yyyy-MM-dd}), largest first; entries
     * without a key or team are grouped under {@code "-"}.
     */
    List<SpendLine> report(GroupBy by, Instant from, Instant to);

    @Override
    void close();
}
