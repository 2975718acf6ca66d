package dev.varve.replication;

import dev.varve.engine.api.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What nodes send each other: the subset of Kafka's requests that replication needs (Produce, Fetch,
 * OffsetsForLeaderEpoch, AlterPartition, broker registration and heartbeats) and the controller's
 * partition metadata. Immutable values; record bytes are read-only buffers that receivers duplicate, so
 * a message delivered twice reads the same. Request ids let a sender match answers and drop stale ones.
 */
public sealed interface Message {

    /** A client's records for the leader of {@code partition}. */
    record Produce(long requestId, TopicPartition partition, ByteBuffer records, Acks acks) implements Message {
    }

    /** The answer to a {@link Produce} (none for acks=0): the base offset the records got, or -1. */
    record ProduceResponse(long requestId, TopicPartition partition, ErrorCode error, long baseOffset) implements Message {
    }

    /**
     * A fetch from {@code fetchOffset}: a follower's ({@code replicaId} its broker id, with its broker epoch)
     * or a consumer's ({@code replicaId} -1, read up to the high watermark).
     */
    record Fetch(long requestId, TopicPartition partition, int replicaId, long brokerEpoch, long fetchOffset,
            int currentLeaderEpoch, int maxBytes) implements Message {
    }

    /**
     * The answer to a {@link Fetch}: the leader's high watermark, log start and log end sampled before the read,
     * and records. (Kafka's response has no log end; its follower asks with ListOffsets when out of range.)
     */
    record FetchResponse(long requestId, TopicPartition partition, ErrorCode error, int leaderEpoch, long highWatermark,
            long logStartOffset, long logEndOffset, long fetchOffset, ByteBuffer records) implements Message {
    }

    /** A follower asks where {@code leaderEpoch} ends in the leader's log (KIP-101). */
    record OffsetsForLeaderEpoch(long requestId, TopicPartition partition, int replicaId, int currentLeaderEpoch,
            int leaderEpoch) implements Message {
    }

    /** The largest epoch at or below the one asked for, and where it ends (KIP-279); undefined values when unknown. */
    record OffsetsForLeaderEpochResponse(long requestId, TopicPartition partition, ErrorCode error, int leaderEpoch,
            long endOffset) implements Message {
    }

    /** An ISR member as a leader proposes it: its broker id and the broker epoch the leader saw it fetch with (KIP-903). */
    record IsrMember(int brokerId, long brokerEpoch) {
    }

    /** A leader asks the controller to commit a new ISR (Kafka's AlterPartition). */
    record AlterPartition(long requestId, TopicPartition partition, int leaderId, long brokerEpoch, int leaderEpoch, int partitionEpoch,
            List<IsrMember> newIsr) implements Message {
    }

    /** The controller's answer to an {@link AlterPartition}: the partition's state after it (committed or unchanged). */
    record AlterPartitionResponse(long requestId, TopicPartition partition, ErrorCode error, PartitionState state)
            implements Message {
    }

    /**
     * The controller's committed metadata of one partition, sent to its replicas on every change (Kafka's
     * PartitionChangeRecord as brokers replay it). Receivers apply it only when its partition epoch is newer.
     */
    record PartitionState(TopicPartition partition, List<Integer> replicas, int leader, int leaderEpoch, int partitionEpoch,
            List<Integer> isr) implements Message {
        /** Kafka's "no leader". */
        public static final int NO_LEADER = -1;
    }

    /**
     * A starting broker registers; each process start is a new {@code incarnation}; {@code uncleanShutdown} says
     * its previous run ended without making every append durable (Kafka 3.8's clean-shutdown detection).
     */
    record RegisterBroker(int brokerId, long incarnation, boolean uncleanShutdown) implements Message {
    }

    /**
     * The controller's answer to a {@link RegisterBroker}: the broker epoch of this incarnation and the current state of
     * the broker's partitions, after the registration's own changes (a KRaft broker catches up on the metadata log past
     * its registration before it acts), so no state published before the registration, arriving late, can lead it.
     */
    record RegisterBrokerResponse(int brokerId, long incarnation, long brokerEpoch, List<PartitionState> states) implements Message {
    }

    /** A registered broker's heartbeat, with the version of the controller's metadata it has applied. */
    record Heartbeat(int brokerId, long brokerEpoch, long metadataVersion) implements Message {
    }

    /**
     * The answer to a {@link Heartbeat}: {@link ErrorCode#STALE_BROKER_EPOCH} tells the broker to register again;
     * when the broker's metadata is older than {@code metadataVersion}, {@code states} holds the current state of
     * every partition it replicates (how a KRaft broker catches up on the metadata log it missed), else nothing.
     */
    record HeartbeatResponse(int brokerId, long brokerEpoch, ErrorCode error, long metadataVersion, List<PartitionState> states)
            implements Message {
    }
}
