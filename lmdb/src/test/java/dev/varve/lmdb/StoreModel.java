package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The plain model of a {@link RemoteLogMetadataStore}: a map from segment id to record, and every query
 * written as the most obvious filter over it. The property holds the store to this after every step.
 */
final class StoreModel {
    /** KIP-405's moves, written out here rather than taken from {@link RemoteSegmentState#canMoveTo}. */
    private static final Map<RemoteSegmentState, Set<RemoteSegmentState>> MOVES = Map.of(
            RemoteSegmentState.COPY_SEGMENT_STARTED,
            Set.of(RemoteSegmentState.COPY_SEGMENT_FINISHED, RemoteSegmentState.DELETE_SEGMENT_STARTED),
            RemoteSegmentState.COPY_SEGMENT_FINISHED, Set.of(RemoteSegmentState.DELETE_SEGMENT_STARTED),
            RemoteSegmentState.DELETE_SEGMENT_STARTED, Set.of(RemoteSegmentState.DELETE_SEGMENT_FINISHED),
            RemoteSegmentState.DELETE_SEGMENT_FINISHED, Set.of());

    private final Map<UUID, RemoteSegmentMetadata> segments = new HashMap<>();

    static boolean allowed(RemoteSegmentState from, RemoteSegmentState to) {
        return MOVES.get(from).contains(to);
    }

    Optional<RemoteSegmentMetadata> get(UUID id) {
        return Optional.ofNullable(segments.get(id));
    }

    /** The stored record of {@code id} if it belongs to {@code partition}. */
    Optional<RemoteSegmentMetadata> get(TopicPartition partition, UUID id) {
        return get(id).filter(segment -> segment.topicPartition().equals(partition));
    }

    void put(RemoteSegmentMetadata segment) {
        segments.put(segment.segmentId(), segment);
    }

    int purge(TopicPartition partition) {
        List<RemoteSegmentMetadata> deleted = select(segment -> segment.topicPartition().equals(partition)
                && segment.state() == RemoteSegmentState.DELETE_SEGMENT_FINISHED);
        deleted.forEach(segment -> segments.remove(segment.segmentId()));
        return deleted.size();
    }

    List<RemoteSegmentMetadata> select(Predicate<RemoteSegmentMetadata> filter) {
        return segments.values().stream().filter(filter).sorted(Comparator
                .comparing((RemoteSegmentMetadata m) -> m.topicPartition().topic())
                .thenComparingInt(m -> m.topicPartition().partition())
                .thenComparingLong(RemoteSegmentMetadata::baseOffset)
                .thenComparing(m -> SegmentKeyDescriptor.idKey(m.segmentId()), Arrays::compareUnsigned)).toList();
    }

    List<RemoteSegmentMetadata> segments(TopicPartition partition) {
        return select(segment -> segment.topicPartition().equals(partition));
    }

    List<RemoteSegmentMetadata> readable(TopicPartition partition) {
        return select(segment -> segment.topicPartition().equals(partition)
                && segment.state() == RemoteSegmentState.COPY_SEGMENT_FINISHED);
    }

    Optional<RemoteSegmentMetadata> segmentForOffset(TopicPartition partition, long offset) {
        List<RemoteSegmentMetadata> holding = readable(partition).stream().filter(s -> s.contains(offset)).toList();
        return holding.isEmpty() ? Optional.empty() : Optional.of(holding.get(holding.size() - 1));
    }

    Optional<RemoteSegmentMetadata> segmentForTimestamp(TopicPartition partition, long timestampMs, long fromOffset) {
        return readable(partition).stream()
                .filter(s -> s.endOffset() >= fromOffset && s.maxTimestampMs() >= timestampMs).findFirst();
    }

    OptionalLong logStartOffset(TopicPartition partition) {
        return readable(partition).stream().mapToLong(RemoteSegmentMetadata::baseOffset).min();
    }

    OptionalLong endOffset(TopicPartition partition) {
        return readable(partition).stream().mapToLong(RemoteSegmentMetadata::endOffset).max();
    }

    long sizeBytes(TopicPartition partition) {
        return readable(partition).stream().mapToLong(RemoteSegmentMetadata::sizeBytes).sum();
    }

    List<RemoteSegmentMetadata> inFlight() {
        return select(segment -> segment.state().isInFlight());
    }
}
