package dev.varve.replication;

import java.util.List;

/**
 * Where a {@link LeaderEpochCache} keeps its entries across restarts: Kafka's {@code leader-epoch-checkpoint}
 * file ({@link LeaderEpochCheckpointFile}) or, in the simulation, a store that survives simulated crashes.
 * {@link #write} must be durable on return and atomic (a crash leaves the old or the new entries).
 */
public interface LeaderEpochCheckpoint {

    /** The entries last written, oldest first; empty when none were. */
    List<EpochEntry> read();

    /** Replaces the stored entries, durably and atomically. */
    void write(List<EpochEntry> entries);
}
