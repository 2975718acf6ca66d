package dev.varve.tiered;

import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.segmented.CleanableLog;
import dev.varve.lmdb.RemoteLogMetadataStore;
import dev.varve.lmdb.RemoteSegmentMetadata;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The copy path of one partition (KIP-405's {@code RLMCopyTask}): every closed segment above the highest
 * uploaded offset goes to the store with its offset and time index, in offset order. Per segment: the
 * metadata records COPY_SEGMENT_STARTED with the three keys (a fresh id per attempt), the objects are put
 * (each checked whole by the store), then COPY_SEGMENT_FINISHED records their sizes and CRC-32Cs. A failed
 * put moves the attempt through DELETE_SEGMENT_STARTED, deletes what it wrote, DELETE_SEGMENT_FINISHED,
 * and rethrows; a crash in between leaves an in-flight record that {@link RemoteSegmentDeleter#cleanOrphans}
 * finishes on the next start. Not thread-safe: one copier per partition at a time.
 */
final class SegmentCopier {
    /** The files of a segment that are uploaded, in the order of its objects. */
    static final List<LogFileType> FILES = List.of(LogFileType.LOG, LogFileType.OFFSET_INDEX, LogFileType.TIME_INDEX);

    private final RemoteStore store;
    private final RemoteLogMetadataStore metadata;
    private final RemoteSegmentDeleter deleter;
    private final String keyPrefix;
    private final Clock clock;
    private final TieringHook hook;

    SegmentCopier(RemoteStore store, RemoteLogMetadataStore metadata, RemoteSegmentDeleter deleter, String keyPrefix,
            Clock clock, TieringHook hook) {
        this.store = store;
        this.metadata = metadata;
        this.deleter = deleter;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
        this.hook = hook;
    }

    /** The closed segments of {@code log} not uploaded yet, oldest first. */
    List<CleanableLog.ClosedSegment> pending(CleanableLog log) {
        long uploadedEnd = metadata.endOffset(log.topicPartition()).orElse(-1);
        List<CleanableLog.ClosedSegment> pending = new ArrayList<>();
        for (CleanableLog.ClosedSegment segment : log.closedSegments()) {
            if (segment.baseOffset() > uploadedEnd && segment.nextBaseOffset() > segment.baseOffset()
                    && segment.sizeInBytes() > 0) {
                pending.add(segment);
            }
        }
        return pending;
    }

    /**
     * Uploads one closed segment of {@code log} and records it readable.
     *
     * @return the finished record
     * @throws RemoteStoreException when an object could not be stored; the attempt is deleted first
     */
    RemoteSegmentMetadata copy(CleanableLog log, CleanableLog.ClosedSegment segment) {
        UUID id = UUID.randomUUID();
        List<String> keys = FILES.stream()
                .map(type -> RemoteSegmentKey.of(log.topicPartition(), segment.baseOffset(), id, type).objectKey(keyPrefix))
                .toList();
        RemoteSegmentMetadata started = metadata.addCopyStarted(RemoteSegmentMetadata.copyStarted(log.topicPartition(),
                id, segment.baseOffset(), segment.nextBaseOffset() - 1, segment.largestTimestamp(), segment.sizeInBytes(),
                RemoteSegmentMetadata.UNKNOWN_LEADER_EPOCH, keys, clock.millis()));
        hook.after(TieringHook.Step.COPY_STARTED_RECORDED, id.toString());
        List<dev.varve.lmdb.RemoteObject> uploaded = new ArrayList<>(keys.size());
        try {
            for (int i = 0; i < keys.size(); i++) {
                Path file = LogFileName.of(segment.baseOffset(), FILES.get(i)).resolveIn(segment.log().getParent());
                RemoteObject object = store.put(keys.get(i), file);
                hook.after(TieringHook.Step.OBJECT_UPLOADED, keys.get(i));
                uploaded.add(new dev.varve.lmdb.RemoteObject(object.key(), object.sizeBytes(), checksum(object)));
            }
        } catch (RemoteStoreException e) {
            try {
                deleter.delete(started);
            } catch (RemoteStoreException cleanupFailed) {
                // The store is still failing: the record stays in flight and the next start deletes it.
                e.addSuppressed(cleanupFailed);
            }
            throw e;
        }
        RemoteSegmentMetadata finished = metadata.copyFinished(log.topicPartition(), id, uploaded, clock.millis());
        hook.after(TieringHook.Step.COPY_FINISHED_RECORDED, id.toString());
        return finished;
    }

    private static String checksum(RemoteObject object) {
        return "crc32c:" + HexFormat.of().toHexDigits((int) object.crc32c().orElseThrow(() -> new IllegalStateException(
                "a put must report the object's CRC-32C: key=" + object.key())));
    }
}
