package dev.varve.replication;

/**
 * What a leader knows of one follower (Kafka's {@code Replica}): its log end offset as its last fetch
 * said, when it was last caught up, and the broker epoch it fetched with. Reset whenever the leader
 * starts an epoch, so only fetches of the current epoch count. Single-threaded, owned by its {@link Replica}.
 */
final class RemoteReplica {
    /** Kafka's "not known yet" log end offset. */
    static final long UNKNOWN = -1;

    final int brokerId;
    long logEndOffset = UNKNOWN;
    long lastCaughtUpTimeMs;
    long lastFetchTimeMs;
    long lastFetchLeaderLogEndOffset = UNKNOWN;
    long brokerEpoch = UNKNOWN;

    RemoteReplica(int brokerId, long nowMs, boolean inSync) {
        this.brokerId = brokerId;
        this.lastCaughtUpTimeMs = inSync ? nowMs : 0;
    }

    /** Kafka's {@code updateFetchStateOrThrow}: a fetch at {@code fetchOffset} while the leader's log ends at {@code leaderLogEndOffset}. */
    void fetched(long fetchOffset, long nowMs, long leaderLogEndOffset, long fetchBrokerEpoch) {
        if (fetchOffset >= leaderLogEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, nowMs);
        } else if (fetchOffset >= lastFetchLeaderLogEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, lastFetchTimeMs);
        }
        logEndOffset = fetchOffset;
        lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        lastFetchTimeMs = nowMs;
        brokerEpoch = fetchBrokerEpoch;
    }

    /** In sync: at the leader's log end, or caught up within {@code replica.lag.time.max.ms}. */
    boolean isCaughtUp(long leaderLogEndOffset, long nowMs, long lagTimeMaxMs) {
        return logEndOffset == leaderLogEndOffset || nowMs - lastCaughtUpTimeMs <= lagTimeMaxMs;
    }

    /** Whether it fetched in the current epoch (state is reset at every epoch). */
    boolean hasFetched() {
        return logEndOffset != UNKNOWN;
    }
}
