package dev.varve.engine.log;

import dev.varve.engine.api.TopicPartition;

/** The one check every engine's {@code appendAsLeader} makes on the epoch it is given. */
public final class LeaderEpochs {
    private LeaderEpochs() {
    }

    /**
     * Returns {@code leaderEpoch} when it is a leader epoch (0 or more).
     *
     * @throws IllegalArgumentException when it is negative: a leader always has an epoch
     */
    public static int checked(TopicPartition partition, int leaderEpoch) {
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("a leader epoch must not be negative: partition=" + partition
                    + ", leaderEpoch=" + leaderEpoch);
        }
        return leaderEpoch;
    }
}
