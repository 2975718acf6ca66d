package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import java.util.List;
import java.util.UUID;

/**
 * The steps of {@link RemoteLogMetadataStorePropertyTest}. Segment ids come from a small range and partitions
 * from three, so duplicates, unknown ids and ids of another partition occur often. {@code toString} is the
 * Java expression that rebuilds the step, for pinning a failure as a regression test.
 */
final class StoreActions {
    static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
            new TopicPartition("u", 0));

    private StoreActions() {
    }

    /** A step of a scenario. */
    sealed interface Action permits Add, Transition, Purge, Reopen {
    }

    /** {@code addCopyStarted} of segment {@code id} over {@code [base, base + length - 1]}. */
    record Add(int partition, int id, long base, int length, long maxTimestampMs) implements Action {
        RemoteSegmentMetadata segment(long nowMs) {
            TopicPartition tp = PARTITIONS.get(partition);
            UUID uuid = uuid(id);
            return RemoteSegmentMetadata.copyStarted(tp, uuid, base, base + length - 1, maxTimestampMs, 100L * length,
                    id % 3 - 1, List.of(Segments.objectKey(tp, base, uuid), "indexes/" + uuid), nowMs);
        }

        @Override
        public String toString() {
            return "new Add(" + partition + ", " + id + ", " + base + ", " + length + ", " + maxTimestampMs + ")";
        }
    }

    /** A move of segment {@code id}, named as a partition that may not be its own, to {@code target}. */
    record Transition(int partition, int id, RemoteSegmentState target) implements Action {
        @Override
        public String toString() {
            return "new Transition(" + partition + ", " + id + ", RemoteSegmentState." + target + ")";
        }
    }

    /** {@code purgeDeleted} of a partition. */
    record Purge(int partition) implements Action {
        @Override
        public String toString() {
            return "new Purge(" + partition + ")";
        }
    }

    /** Close and open the store. */
    record Reopen() implements Action {
        @Override
        public String toString() {
            return "new Reopen()";
        }
    }

    /** Segment ids with a high bit set, so that their unsigned key order differs from {@link UUID#compareTo}. */
    static UUID uuid(int id) {
        return new UUID(id % 2 == 0 ? id : Long.MIN_VALUE | id, id);
    }
}
