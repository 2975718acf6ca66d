package dev.varve.tiered;

import dev.varve.engine.api.TopicPartition;
import dev.varve.lmdb.RemoteLogMetadataStore;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.lmdb.RemoteSegmentState;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * The delete path of remote segments, and orphan cleanup before the first run. A delete moves the segment to
 * DELETE_SEGMENT_STARTED (readers stop seeing it at once), deletes its objects (deleting a missing one
 * succeeds), then records DELETE_SEGMENT_FINISHED and purges the record. Every step is idempotent from the
 * state the store holds, so a crash between steps is finished by {@link #cleanOrphans} on the next start:
 * uploads that never finished and deletes that never completed are deleted, multipart uploads left
 * unfinished are aborted, and objects under a partition's prefix that no record names are removed.
 * Not thread-safe: run it where the partition's copier runs.
 */
final class RemoteSegmentDeleter {
    private final RemoteStore store;
    private final RemoteLogMetadataStore metadata;
    private final String keyPrefix;
    private final Clock clock;
    private final TieringHook hook;

    RemoteSegmentDeleter(RemoteStore store, RemoteLogMetadataStore metadata, String keyPrefix, Clock clock,
            TieringHook hook) {
        this.store = store;
        this.metadata = metadata;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
        this.hook = hook;
    }

    /** Deletes {@code segment}'s objects and records it deleted, from whatever state it is in. */
    void delete(RemoteSegmentMetadata segment) {
        TopicPartition partition = segment.topicPartition();
        if (segment.state() != RemoteSegmentState.DELETE_SEGMENT_STARTED) {
            metadata.deleteStarted(partition, segment.segmentId(), clock.millis());
            hook.after(TieringHook.Step.DELETE_STARTED_RECORDED, segment.segmentId().toString());
        }
        for (dev.varve.lmdb.RemoteObject object : segment.objects()) {
            store.delete(object.key());
            hook.after(TieringHook.Step.OBJECT_DELETED, object.key());
        }
        metadata.deleteFinished(partition, segment.segmentId(), clock.millis());
        hook.after(TieringHook.Step.DELETE_FINISHED_RECORDED, segment.segmentId().toString());
        metadata.purgeDeleted(partition);
    }

    /**
     * Finishes what a crash left: deletes every in-flight segment, then for each of {@code partitions}
     * (and each partition an in-flight segment named) aborts unfinished multipart uploads and deletes
     * objects no live record names. Run on start, before any upload of these partitions. Deleting on the
     * strength of absence, it first checks the metadata store against its witness ({@link
     * RemoteLogMetadataStore#verify}): a record lost to a damaged page fails the cleanup, it deletes nothing more.
     *
     * @return how many segments, uploads and stray objects were cleaned
     */
    int cleanOrphans(Set<TopicPartition> partitions) {
        Set<TopicPartition> swept = new HashSet<>(partitions);
        int cleaned = 0;
        for (RemoteSegmentMetadata orphan : metadata.inFlight()) {
            delete(orphan);
            swept.add(orphan.topicPartition());
            cleaned++;
        }
        metadata.verify();
        for (TopicPartition partition : swept) {
            String prefix = RemoteSegmentKey.partitionPrefix(keyPrefix, partition);
            cleaned += store.abortUnfinishedUploads(prefix);
            Set<String> live = new HashSet<>();
            metadata.segments(partition).forEach(segment -> segment.objects().forEach(object -> live.add(object.key())));
            for (RemoteObject object : store.list(prefix)) {
                if (!live.contains(object.key()) && RemoteSegmentKey.parse(keyPrefix, object.key()).isPresent()) {
                    store.delete(object.key());
                    cleaned++;
                }
            }
            metadata.purgeDeleted(partition);
        }
        return cleaned;
    }
}
