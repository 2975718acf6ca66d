package dev.varve.replication;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import java.util.Map;

/**
 * What one broker incarnation keeps on disk, the seam between the protocol and storage: each partition's
 * log (any engine, opened and recovered), its leader-epoch checkpoint, and the broker's high-watermark
 * checkpoint (Kafka's {@code replication-offset-checkpoint}). A restarted broker gets a new instance over
 * what survived.
 */
public interface ReplicaStorage {

    /** The partition's log, created empty when new. */
    PartitionLog log(TopicPartition partition);

    /** Where the partition's leader-epoch cache lives ({@code leader-epoch-checkpoint}). */
    LeaderEpochCheckpoint leaderEpochCheckpoint(TopicPartition partition);

    /** The partition's checkpointed high watermark, 0 when none was written. */
    long checkpointedHighWatermark(TopicPartition partition);

    /** Durably replaces the high-watermark checkpoint with {@code highWatermarks}. */
    void checkpointHighWatermarks(Map<TopicPartition, Long> highWatermarks);
}
