package io.llmrouter.state.hazelcast;

import java.util.function.LongSupplier;

import io.llmrouter.state.CircuitStatus;
import io.llmrouter.state.DeploymentCell;
import io.llmrouter.state.DeploymentStats;

/**
 * The cluster's view of one deployment: this node's live cell combined with the other members' latest snapshots.
 * Counts are summed, averages weighted by successes; health (circuit, cooldown, credentials) is the local cell's, to
 * which other members' broadcasts are applied. Reads allocate nothing: the peers' part is swapped in whole by the
 * publisher.
 */
final class MergedStats implements DeploymentStats {

    private final DeploymentCell local;
    private final LongSupplier epochMillis;
    private volatile PeerStats peers = PeerStats.NONE;

    MergedStats(DeploymentCell local, LongSupplier epochMillis) {
        this.local = local;
        this.epochMillis = epochMillis;
    }

    DeploymentCell local() {
        return local;
    }

    void peers(PeerStats p) {
        peers = p;
    }

    @Override
    public long successes() {
        return local.successes() + peers.successes();
    }

    @Override
    public long failures() {
        return local.failures() + peers.failures();
    }

    @Override
    public int inFlight() {
        return local.inFlight() + peers.inFlight();
    }

    @Override
    public double ewmaLatencyMs() {
        PeerStats p = peers;
        return weighted(local.ewmaLatencyMs(), p.ewmaLatencyMs(), p.latencyWeight());
    }

    @Override
    public double peakEwmaMs(boolean streamed, long nowNanos) {
        PeerStats p = peers;
        double w = p.weight(streamed);
        double mine = local.peakEwmaMs(streamed, nowNanos);
        return w == 0 ? mine : weighted(mine, p.peakMs(streamed, epochMillis.getAsLong()), w);
    }

    @Override
    public double ttftMs() {
        PeerStats p = peers;
        return weighted(local.ttftMs(), p.ttftMs(), p.ttftWeight());
    }

    @Override
    public double tokensPerSecond() {
        PeerStats p = peers;
        return p == PeerStats.NONE ? local.tokensPerSecond()
                : weighted(local.tokensPerSecond(), p.tokensPerSecond(), p.successes() + 1);
    }

    @Override
    public double errorRate() {
        PeerStats p = peers;
        return p == PeerStats.NONE ? local.errorRate() : weighted(local.errorRate(), p.errorRate(), p.successes() + 1);
    }

    @Override
    public int recent429s(long nowNanos) {
        return local.recent429s(nowNanos) + peers.recent429s();
    }

    @Override
    public long requestsThisMinute(long nowNanos) {
        return local.requestsThisMinute(nowNanos) + peers.requestsThisMinute();
    }

    @Override
    public long tokensThisMinute(long nowNanos) {
        return local.tokensThisMinute(nowNanos) + peers.tokensThisMinute();
    }

    @Override
    public CircuitStatus circuit() {
        return local.circuit();
    }

    @Override
    public long recoveredAtNanos() {
        return local.recoveredAtNanos();
    }

    @Override
    public boolean circuitOpenedByProviderAnswers() {
        return local.circuitOpenedByProviderAnswers();
    }

    @Override
    public String unavailableReason(long nowNanos) {
        return local.unavailableReason(nowNanos);
    }

    /** Local value weighted by local successes, peer value by {@code peerWeight}; a side without samples drops out. */
    private double weighted(double mine, double theirs, double peerWeight) {
        if (peerWeight <= 0 || theirs == 0) {
            return mine;
        }
        if (mine == 0) {
            return theirs;
        }
        double w = Math.max(1, local.successes());
        return (w * mine + peerWeight * theirs) / (w + peerWeight);
    }
}
