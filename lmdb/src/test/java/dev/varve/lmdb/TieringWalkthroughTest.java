package dev.varve.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as the tiering code uses it, as a runnable walkthrough: upload two segments, crash during the third,
 * restart and clean the orphan, then let retention delete the oldest. The bucket is a plain list of keys here.
 * <pre>
 *   step                      | segments of clicks-0 (state)                          | bucket
 *   upload [0..99], [100..199] | A FINISHED, B FINISHED                                | A.log B.log
 *   crash uploading [200..299] | A FINISHED, B FINISHED, C STARTED                     | A.log B.log C.log (partial)
 *   restart: clean orphans     | A FINISHED, B FINISHED, C DELETE_FINISHED -> purged   | A.log B.log
 *   retry [200..299] as D      | A FINISHED, B FINISHED, D FINISHED                    | A.log B.log D.log
 *   retention drops A          | B FINISHED, D FINISHED                                | B.log D.log
 * </pre>
 */
class TieringWalkthroughTest {
    private static final TopicPartition CLICKS_0 = new TopicPartition("clicks", 0);

    @TempDir
    Path data;

    private final List<String> bucket = new ArrayList<>();
    private long clock = 1_000;

    @Test
    void shouldUploadCleanOrphansAfterACrashAndApplyRetention() {
        Path dir = data.resolve(RemoteLogMetadataStore.DIRECTORY_NAME);
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            upload(store, 0, 99);
            upload(store, 100, 199);
            UUID c = UUID.randomUUID();
            store.addCopyStarted(Segments.started(CLICKS_0, c, 200, 299, clock));
            bucket.add(Segments.objectKey(CLICKS_0, 200, c)); // half written when the process dies
        }

        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            for (RemoteSegmentMetadata orphan : store.inFlight()) {
                if (orphan.state() == RemoteSegmentState.COPY_SEGMENT_STARTED) {
                    store.deleteStarted(orphan.topicPartition(), orphan.segmentId(), ++clock);
                }
                orphan.objects().forEach(object -> bucket.remove(object.key()));
                store.deleteFinished(orphan.topicPartition(), orphan.segmentId(), ++clock);
            }
            store.purgeDeleted(CLICKS_0);
            assertEquals(List.of(), store.inFlight());
            assertEquals(2, bucket.size(), "the partial object is gone");

            upload(store, 200, 299);
            assertEquals(OptionalLong.of(0), store.logStartOffset(CLICKS_0));
            assertEquals(OptionalLong.of(299), store.endOffset(CLICKS_0));
            assertEquals(100, store.segmentForOffset(CLICKS_0, 150).orElseThrow().baseOffset());

            long retentionBytes = 20_000;
            for (RemoteSegmentMetadata oldest : store.readableSegments(CLICKS_0)) {
                if (store.sizeBytes(CLICKS_0) <= retentionBytes) {
                    break;
                }
                store.deleteStarted(CLICKS_0, oldest.segmentId(), ++clock);
                oldest.objects().forEach(object -> bucket.remove(object.key()));
                store.deleteFinished(CLICKS_0, oldest.segmentId(), ++clock);
            }
            store.purgeDeleted(CLICKS_0);
            assertEquals(OptionalLong.of(100), store.logStartOffset(CLICKS_0));
            assertEquals(20_000, store.sizeBytes(CLICKS_0));
            assertEquals(store.readableSegments(CLICKS_0).stream().flatMap(s -> s.objects().stream())
                    .map(RemoteObject::key).toList(), bucket);
        }
    }

    private void upload(RemoteLogMetadataStore store, long base, long end) {
        RemoteSegmentMetadata started = store.addCopyStarted(Segments.started(CLICKS_0, UUID.randomUUID(), base, end, ++clock));
        started.objects().forEach(object -> bucket.add(object.key()));
        store.copyFinished(CLICKS_0, started.segmentId(), Segments.uploaded(started), ++clock);
    }
}
