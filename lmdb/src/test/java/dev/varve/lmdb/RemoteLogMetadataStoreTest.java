package dev.varve.lmdb;

import static dev.varve.lmdb.RemoteSegmentState.COPY_SEGMENT_FINISHED;
import static dev.varve.lmdb.RemoteSegmentState.COPY_SEGMENT_STARTED;
import static dev.varve.lmdb.RemoteSegmentState.DELETE_SEGMENT_FINISHED;
import static dev.varve.lmdb.RemoteSegmentState.DELETE_SEGMENT_STARTED;
import static dev.varve.lmdb.Segments.ORDERS_0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteLogMetadataStoreTest {
    @TempDir
    Path data;

    private Path dir;
    private RemoteLogMetadataStore store;

    @BeforeEach
    void open() {
        dir = data.resolve(RemoteLogMetadataStore.DIRECTORY_NAME);
        store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void reopen() {
        store.close();
        store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults());
    }

    @Test
    void shouldWalkTheKip405LifeAndKeepEveryTransitionAcrossReopen() {
        UUID id = UUID.randomUUID();
        RemoteSegmentMetadata started = store.addCopyStarted(Segments.started(ORDERS_0, id, 0, 99, 5_000));
        reopen();
        assertEquals(Optional.of(started), store.segment(ORDERS_0, id));
        assertEquals(List.of(), store.readableSegments(ORDERS_0), "an upload in progress is not readable");

        RemoteSegmentMetadata finished = store.copyFinished(ORDERS_0, id, Segments.uploaded(started), 2_000);
        reopen();
        assertEquals(COPY_SEGMENT_FINISHED, finished.state());
        assertEquals(2_000, finished.stateChangedMs());
        assertEquals(Optional.of(finished), store.segment(ORDERS_0, id));
        assertEquals(List.of(finished), store.readableSegments(ORDERS_0));

        assertEquals(DELETE_SEGMENT_STARTED, store.deleteStarted(ORDERS_0, id, 3_000).state());
        reopen();
        assertEquals(List.of(), store.readableSegments(ORDERS_0), "a segment being deleted is not readable");
        RemoteSegmentMetadata deleted = store.deleteFinished(ORDERS_0, id, 4_000);
        reopen();
        assertEquals(Optional.of(deleted), store.segment(ORDERS_0, id));
        assertEquals(finished.objects(), deleted.objects(), "objects stay known until purged");

        assertEquals(1, store.purgeDeleted(ORDERS_0));
        reopen();
        assertEquals(Optional.empty(), store.segment(ORDERS_0, id));
        assertEquals(List.of(), store.segments(ORDERS_0));
    }

    @Test
    void shouldRefuseIllegalTransitionsAndWriteNothing() {
        RemoteSegmentMetadata started = store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), 0, 9, 1));
        UUID id = started.segmentId();
        assertRefused(COPY_SEGMENT_STARTED, DELETE_SEGMENT_FINISHED, () -> store.deleteFinished(ORDERS_0, id, 5));
        assertRefused(COPY_SEGMENT_STARTED, COPY_SEGMENT_STARTED, () -> store.addCopyStarted(started));

        store.copyFinished(ORDERS_0, id, Segments.uploaded(started), 5);
        assertRefused(COPY_SEGMENT_FINISHED, COPY_SEGMENT_FINISHED,
                () -> store.copyFinished(ORDERS_0, id, Segments.uploaded(started), 6));
        assertRefused(COPY_SEGMENT_FINISHED, DELETE_SEGMENT_FINISHED, () -> store.deleteFinished(ORDERS_0, id, 6));

        store.deleteStarted(ORDERS_0, id, 7);
        assertRefused(DELETE_SEGMENT_STARTED, COPY_SEGMENT_FINISHED,
                () -> store.copyFinished(ORDERS_0, id, Segments.uploaded(started), 8));
        assertRefused(DELETE_SEGMENT_STARTED, DELETE_SEGMENT_STARTED, () -> store.deleteStarted(ORDERS_0, id, 8));

        store.deleteFinished(ORDERS_0, id, 9);
        assertRefused(DELETE_SEGMENT_FINISHED, DELETE_SEGMENT_STARTED, () -> store.deleteStarted(ORDERS_0, id, 10));
        assertEquals(9, store.segment(ORDERS_0, id).orElseThrow().stateChangedMs(), "refusals wrote nothing");
    }

    private void assertRefused(RemoteSegmentState current, RemoteSegmentState requested, Runnable transition) {
        IllegalSegmentStateTransitionException refused =
                assertThrows(IllegalSegmentStateTransitionException.class, transition::run);
        assertEquals(current, refused.current());
        assertEquals(requested, refused.requested());
        assertTrue(refused.getMessage().contains("store=" + store.directory()), refused.getMessage());
    }

    @Test
    void shouldRefuseUnknownSegmentsAndSegmentsOfAnotherPartition() {
        RemoteSegmentMetadata started = store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), 0, 9, 1));
        assertThrows(RemoteSegmentNotFoundException.class, () -> store.deleteStarted(ORDERS_0, UUID.randomUUID(), 2));
        TopicPartition other = new TopicPartition("orders", 1);
        RemoteSegmentNotFoundException wrongPartition = assertThrows(RemoteSegmentNotFoundException.class,
                () -> store.deleteStarted(other, started.segmentId(), 2));
        assertTrue(wrongPartition.getMessage().contains("partition=orders-1"), wrongPartition.getMessage());
        assertEquals(Optional.empty(), store.segment(other, started.segmentId()));
    }

    @Test
    void shouldFinishACopyOnlyWithTheStartedObjectsUploadedWhole() {
        RemoteSegmentMetadata started = store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), 0, 9, 1));
        UUID id = started.segmentId();
        assertThrows(IllegalArgumentException.class,
                () -> store.copyFinished(ORDERS_0, id, List.of(new RemoteObject("elsewhere.log", 10, "crc32c:1")), 2));
        assertThrows(IllegalArgumentException.class, () -> store.copyFinished(ORDERS_0, id, started.objects(), 2),
                "pending objects cannot finish a copy");
        assertEquals(COPY_SEGMENT_STARTED, store.segment(ORDERS_0, id).orElseThrow().state());
    }

    /**
     * Partition orders-0 after these uploads (offsets inclusive; max timestamp in brackets):
     * <pre>
     *   [0..99 @1000] finished   [100..199 @3000] finished   [200..299 @2000] finished   [300..399] started
     *   [100..199] an earlier attempt, deleted
     * </pre>
     * orders-1 holds [0..49], to show partitions do not leak into each other.
     */
    @Test
    void shouldAnswerTheQueriesOfReadsAndRetentionFromReadableSegmentsOnly() {
        RemoteSegmentMetadata first = Segments.readable(store, ORDERS_0, 0, 99, 1_000);
        RemoteSegmentMetadata abandoned = store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), 100, 199, 3_000));
        store.deleteStarted(ORDERS_0, abandoned.segmentId(), 5);
        store.deleteFinished(ORDERS_0, abandoned.segmentId(), 6);
        RemoteSegmentMetadata second = Segments.readable(store, ORDERS_0, 100, 199, 3_000);
        RemoteSegmentMetadata third = Segments.readable(store, ORDERS_0, 200, 299, 2_000);
        store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), 300, 399, 4_000));
        Segments.readable(store, new TopicPartition("orders", 1), 0, 49, 9_000);

        assertEquals(List.of(first, second, third), store.readableSegments(ORDERS_0));
        assertEquals(5, store.segments(ORDERS_0).size());
        assertEquals(Optional.of(first), store.segmentForOffset(ORDERS_0, 0));
        assertEquals(Optional.of(first), store.segmentForOffset(ORDERS_0, 99));
        assertEquals(Optional.of(second), store.segmentForOffset(ORDERS_0, 100));
        assertEquals(Optional.of(third), store.segmentForOffset(ORDERS_0, 299));
        assertEquals(Optional.empty(), store.segmentForOffset(ORDERS_0, 300), "an upload in progress serves nothing");
        assertEquals(Optional.empty(), store.segmentForOffset(ORDERS_0, -1));

        assertEquals(Optional.of(first), store.segmentForTimestamp(ORDERS_0, 0, 0));
        assertEquals(Optional.of(second), store.segmentForTimestamp(ORDERS_0, 1_001, 0));
        assertEquals(Optional.of(third), store.segmentForTimestamp(ORDERS_0, 1_500, 200));
        assertEquals(Optional.empty(), store.segmentForTimestamp(ORDERS_0, 3_001, 0));

        assertEquals(OptionalLong.of(0), store.logStartOffset(ORDERS_0));
        assertEquals(OptionalLong.of(299), store.endOffset(ORDERS_0));
        assertEquals(30_000, store.sizeBytes(ORDERS_0));
        TopicPartition empty = new TopicPartition("orders", 2);
        assertEquals(OptionalLong.empty(), store.logStartOffset(empty));
        assertEquals(OptionalLong.empty(), store.endOffset(empty));
        assertEquals(0, store.sizeBytes(empty));
    }

    @Test
    void shouldListUploadsAndDeletesInFlightAcrossPartitionsAsOrphans() {
        Segments.readable(store, ORDERS_0, 0, 99, 1);
        RemoteSegmentMetadata copying = store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), 100, 199, 1));
        TopicPartition payments = new TopicPartition("payments", 3);
        RemoteSegmentMetadata deleting = Segments.readable(store, payments, 0, 9, 1);
        deleting = store.deleteStarted(payments, deleting.segmentId(), 5);
        RemoteSegmentMetadata gone = Segments.readable(store, payments, 10, 19, 1);
        store.deleteStarted(payments, gone.segmentId(), 5);
        store.deleteFinished(payments, gone.segmentId(), 6);
        reopen();
        assertEquals(List.of(copying, deleting), store.inFlight());
    }

    @Test
    void shouldPurgeOnlyTheDeletedSegmentsOfOnePartition() {
        RemoteSegmentMetadata kept = Segments.readable(store, ORDERS_0, 0, 9, 1);
        RemoteSegmentMetadata deleted = Segments.readable(store, ORDERS_0, 10, 19, 1);
        store.deleteStarted(ORDERS_0, deleted.segmentId(), 2);
        store.deleteFinished(ORDERS_0, deleted.segmentId(), 3);
        TopicPartition other = new TopicPartition("orders", 1);
        RemoteSegmentMetadata otherDeleted = Segments.readable(store, other, 0, 9, 1);
        store.deleteStarted(other, otherDeleted.segmentId(), 2);
        store.deleteFinished(other, otherDeleted.segmentId(), 3);

        assertEquals(1, store.purgeDeleted(ORDERS_0));
        assertEquals(List.of(kept), store.segments(ORDERS_0));
        assertEquals(1, store.segments(other).size());
        assertEquals(0, store.purgeDeleted(ORDERS_0));
        store.addCopyStarted(Segments.started(ORDERS_0, deleted.segmentId(), 10, 19, 1));
        assertEquals(COPY_SEGMENT_STARTED, store.segment(ORDERS_0, deleted.segmentId()).orElseThrow().state(),
                "a purged id is free again");
    }

    @Test
    void shouldOpenInAMissingFolderButNotUnderAMissingParent() {
        Path orphan = data.resolve("no-such-data-dir").resolve(RemoteLogMetadataStore.DIRECTORY_NAME);
        LogStorageException missing = assertThrows(LogStorageException.class,
                () -> RemoteLogMetadataStore.open(orphan, RemoteMetadataStoreOptions.defaults()));
        assertTrue(missing.getMessage().contains("file=" + orphan), missing.getMessage());
        assertFalse(Files.exists(orphan.getParent()));
    }

    @Test
    void shouldRefuseAFileInPlaceOfTheFolderAndASecondOpen() throws Exception {
        Path file = Files.createFile(data.resolve("not-a-folder"));
        LogStorageException notFolder = assertThrows(LogStorageException.class,
                () -> RemoteLogMetadataStore.open(file, RemoteMetadataStoreOptions.defaults()));
        assertTrue(notFolder.getMessage().contains("file=" + file), notFolder.getMessage());

        LogStorageException twice = assertThrows(LogStorageException.class,
                () -> RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults()));
        assertTrue(twice.getMessage().contains("already open"), twice.getMessage());
    }

    @Test
    void shouldRefuseCallsOnceClosed() {
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.segments(ORDERS_0));
        assertThrows(IllegalStateException.class, () -> store.deleteStarted(ORDERS_0, UUID.randomUUID(), 1));
    }
}
