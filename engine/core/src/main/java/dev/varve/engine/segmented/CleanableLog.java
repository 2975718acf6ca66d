package dev.varve.engine.segmented;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.List;

/**
 * What a log cleaner (the {@code compaction} module, which depends on the engine, never the reverse)
 * sees of one partition of the {@code segmented} engine: its closed segments, where the active one
 * starts, its configuration, and one mutation, {@link #replaceSegments}, which swaps a cleaned segment
 * in under the log's lock. Obtained from {@link SegmentedLogEngine#cleanable}.
 *
 * <p>Guarantees: the snapshot methods are consistent at the instant they run; segments only change
 * through appends (a new active segment), retention, truncation and {@link #replaceSegments}, so a
 * cleaner must be the only one replacing segments of a log (one cleaner per partition at a time).
 * Reads running during a swap stay correct: a {@link dev.varve.engine.api.LogSlice} handed out from a
 * replaced segment before the swap keeps reading that segment's bytes (its {@code .log} stays open,
 * renamed and deleted, on POSIX systems) for {@code file.delete.delay.ms} (Kafka's delay for the same
 * purpose) or until the log closes; after that it fails with a
 * {@link dev.varve.engine.api.LogStorageException} (or an {@link java.io.IOException} from
 * {@code writeTo}); it never returns other bytes. Thread-safe.
 */
public interface CleanableLog {
    TopicPartition topicPartition();

    /** The log's current configuration ({@code cleanup.policy}, {@code segment.bytes}, ...). */
    LogConfig config();

    long logStartOffset();

    /** The closed segments, oldest first: never the active one. */
    List<ClosedSegment> closedSegments();

    /** The base offset of the active segment, which is never cleaned. */
    long activeSegmentBaseOffset();

    /**
     * Swaps the cleaned segment written beside the originals as {@code <B>.log.cleaned},
     * {@code .index.cleaned} and {@code .timeindex.cleaned} (B = {@code replacedBaseOffsets.get(0)}) in
     * for the consecutive closed segments at {@code replacedBaseOffsets}, under the log's write lock:
     * first, unless an earlier swap did it, the log is flushed and its recovery point checkpointed
     * above the replaced segments (so recovery need not re-validate a cleaned segment), then the files
     * are renamed as {@link SegmentSwap} describes, the cleaned segment
     * is opened in their place and their files are removed. Every offset the cleaned segment holds keeps
     * its records; offsets, the log start and the log end do not move. The cleaned segment must end
     * where the replaced ones ended (its last batch's next offset, as their last batch's; the cleaner
     * keeps that batch, empty if need be), and a swap checks it: recovery drops every segment after one
     * that ends short of the next segment's base, taking the hole for a lost unflushed tail.
     *
     * <p>Crash safety: a crash at any point leaves either the originals or the cleaned segment after
     * the next load, never both and never neither.
     *
     * @throws IllegalArgumentException when the bases are not consecutive closed segments
     * @throws IllegalStateException when the cleaned {@code .log} ends before the replaced segments did
     *     (nothing is swapped; the {@code .cleaned} files stay until the next load removes them)
     * @throws dev.varve.engine.api.LogStorageException on an I/O error; the log is then closed (halted)
     *     and its next open finishes or rolls back the swap
     */
    void replaceSegments(List<Long> replacedBaseOffsets);

    /**
     * One closed segment: its base offset, {@code .log} file, sizes of the log and its indexes, the
     * largest record timestamp (-1 when none has one) and the base offset of the segment after it.
     */
    record ClosedSegment(long baseOffset, Path log, int sizeInBytes, int offsetIndexBytes, int timeIndexBytes,
            long largestTimestamp, long nextBaseOffset) {
    }
}
