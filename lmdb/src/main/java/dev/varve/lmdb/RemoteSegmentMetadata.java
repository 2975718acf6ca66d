package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the store knows of one upload attempt of one segment: which records it holds, its objects and its
 * state. Immutable; every instance satisfies the checks of its constructor, so a stored record read back
 * is as valid as the one written.
 *
 * @param topicPartition the partition
 * @param segmentId      unique per upload attempt: a retry of the same local segment gets a new id
 * @param baseOffset     the first offset the segment holds, {@code >= 0}
 * @param endOffset      the last offset it holds (inclusive, as KIP-405), {@code >= baseOffset}
 * @param maxTimestampMs the largest record timestamp in it
 * @param sizeBytes      the size of its {@code .log} bytes, what {@code retention.bytes} counts
 * @param leaderEpoch    the leader epoch of its first batch, or {@value #UNKNOWN_LEADER_EPOCH}
 * @param objects        1 to {@value #MAX_OBJECTS} objects with distinct keys: all pending while
 *                       {@link RemoteSegmentState#COPY_SEGMENT_STARTED}, all complete when
 *                       {@link RemoteSegmentState#COPY_SEGMENT_FINISHED}; a deleted segment keeps those it had
 * @param state          where the segment is in its life
 * @param stateChangedMs when the last transition happened, on the caller's clock
 */
public record RemoteSegmentMetadata(TopicPartition topicPartition, UUID segmentId, long baseOffset, long endOffset,
        long maxTimestampMs, long sizeBytes, int leaderEpoch, List<RemoteObject> objects, RemoteSegmentState state,
        long stateChangedMs) {
    /** The leader epoch of a segment written before leader epochs were kept. */
    public static final int UNKNOWN_LEADER_EPOCH = -1;
    /** The most objects one segment may have. */
    public static final int MAX_OBJECTS = 16;

    /**
     * The order of the store's keys: partition, then base offset, then segment id as unsigned bytes. Segments
     * of a partition always come back in this order.
     */
    public static final Comparator<RemoteSegmentMetadata> OFFSET_ORDER = Comparator
            .comparing((RemoteSegmentMetadata m) -> m.topicPartition().topic())
            .thenComparingInt(m -> m.topicPartition().partition())
            .thenComparingLong(RemoteSegmentMetadata::baseOffset)
            .thenComparing((a, b) -> Long.compareUnsigned(a.segmentId().getMostSignificantBits(),
                    b.segmentId().getMostSignificantBits()))
            .thenComparing((a, b) -> Long.compareUnsigned(a.segmentId().getLeastSignificantBits(),
                    b.segmentId().getLeastSignificantBits()));

    /** @throws IllegalArgumentException when a field breaks the rules above */
    public RemoteSegmentMetadata {
        Objects.requireNonNull(topicPartition, "topicPartition");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(state, "state");
        objects = List.copyOf(objects);
        if (baseOffset < 0 || endOffset < baseOffset) {
            throw invalid(topicPartition, segmentId, "offsets must satisfy 0 <= baseOffset <= endOffset: baseOffset="
                    + baseOffset + ", endOffset=" + endOffset);
        }
        if (sizeBytes < 0 || leaderEpoch < UNKNOWN_LEADER_EPOCH) {
            throw invalid(topicPartition, segmentId, "sizeBytes must be >= 0 and leaderEpoch >= -1: sizeBytes="
                    + sizeBytes + ", leaderEpoch=" + leaderEpoch);
        }
        checkObjects(topicPartition, segmentId, objects, state);
    }

    private static void checkObjects(TopicPartition tp, UUID id, List<RemoteObject> objects, RemoteSegmentState state) {
        if (objects.isEmpty() || objects.size() > MAX_OBJECTS) {
            throw invalid(tp, id, "a segment has 1 to " + MAX_OBJECTS + " objects: objects=" + objects.size());
        }
        HashSet<String> keys = new HashSet<>();
        for (RemoteObject object : objects) {
            if (!keys.add(object.key())) {
                throw invalid(tp, id, "object keys must be distinct: key=" + object.key());
            }
            boolean wrong = state == RemoteSegmentState.COPY_SEGMENT_STARTED ? object.isComplete()
                    : state == RemoteSegmentState.COPY_SEGMENT_FINISHED && !object.isComplete();
            if (wrong) {
                throw invalid(tp, id, "objects are pending while COPY_SEGMENT_STARTED and complete when"
                        + " COPY_SEGMENT_FINISHED: state=" + state + ", key=" + object.key());
            }
        }
    }

    private static IllegalArgumentException invalid(TopicPartition tp, UUID id, String detail) {
        return new IllegalArgumentException("invalid remote segment metadata: partition=" + tp + ", segmentId=" + id
                + ", " + detail);
    }

    /**
     * The record of an upload that is starting: state {@link RemoteSegmentState#COPY_SEGMENT_STARTED}, every
     * object pending under the given keys.
     */
    public static RemoteSegmentMetadata copyStarted(TopicPartition topicPartition, UUID segmentId, long baseOffset,
            long endOffset, long maxTimestampMs, long sizeBytes, int leaderEpoch, List<String> objectKeys, long nowMs) {
        return new RemoteSegmentMetadata(topicPartition, segmentId, baseOffset, endOffset, maxTimestampMs, sizeBytes,
                leaderEpoch, objectKeys.stream().map(RemoteObject::pending).toList(),
                RemoteSegmentState.COPY_SEGMENT_STARTED, nowMs);
    }

    /** Whether {@code offset} lies within {@code [baseOffset, endOffset]}. */
    public boolean contains(long offset) {
        return offset >= baseOffset && offset <= endOffset;
    }

    /** This record moved to {@code next} at {@code nowMs}, with the given objects. */
    RemoteSegmentMetadata moved(RemoteSegmentState next, List<RemoteObject> nextObjects, long nowMs) {
        return new RemoteSegmentMetadata(topicPartition, segmentId, baseOffset, endOffset, maxTimestampMs, sizeBytes,
                leaderEpoch, nextObjects, next, nowMs);
    }
}
