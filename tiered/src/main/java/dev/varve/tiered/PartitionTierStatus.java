package dev.varve.tiered;

import dev.varve.engine.api.TopicPartition;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.lmdb.RemoteSegmentState;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where one tiered partition's data lives at one instant: its local segments and log range, and every
 * remote segment record in any state (in offset order). Immutable.
 *
 * @param localSegments   local segments, the active one included
 * @param localBytes      their {@code .log} bytes
 * @param localLogStart   the first offset on local disk
 * @param logEnd          the log end offset
 * @param remoteSegments  every remote segment record, whatever its state
 */
public record PartitionTierStatus(TopicPartition topicPartition, int localSegments, long localBytes, long localLogStart,
        long logEnd, List<RemoteSegmentMetadata> remoteSegments) {
    public PartitionTierStatus {
        remoteSegments = List.copyOf(remoteSegments);
    }

    /** Readable remote segments. */
    public List<RemoteSegmentMetadata> readable() {
        return remoteSegments.stream().filter(s -> s.state() == RemoteSegmentState.COPY_SEGMENT_FINISHED).toList();
    }

    /** Bytes of the readable remote segments' {@code .log} objects. */
    public long remoteBytes() {
        return readable().stream().mapToLong(RemoteSegmentMetadata::sizeBytes).sum();
    }

    /** The first remote offset, when any segment is readable. */
    public OptionalLong remoteLogStart() {
        return readable().stream().mapToLong(RemoteSegmentMetadata::baseOffset).min();
    }

    /** The last remote offset (inclusive), when any segment is readable. */
    public OptionalLong remoteLogEnd() {
        return readable().stream().mapToLong(RemoteSegmentMetadata::endOffset).max();
    }

    /** The partition's log start: the remote one when remote segments exist. */
    public long logStart() {
        return Math.min(localLogStart, remoteLogStart().orElse(localLogStart));
    }
}
