package dev.varve.lmdb;

import static dev.varve.lmdb.Segments.ORDERS_0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the witness of the store's tables (count and summed hashes, {@link StoreWitness}) catches an entry
 * dropped or changed behind the store's back, as a damaged B-tree page would, when the store opens; a store
 * written before the witness gets it on first open.
 */
class StoreWitnessTest {
    @TempDir
    Path dir;

    private List<RemoteSegmentMetadata> writeStore() {
        List<RemoteSegmentMetadata> written = new ArrayList<>();
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                written.add(Segments.readable(store, ORDERS_0, i * 10L, i * 10L + 9, i));
            }
            RemoteSegmentMetadata gone = written.remove(0);
            store.deleteStarted(ORDERS_0, gone.segmentId(), 3);
            store.deleteFinished(ORDERS_0, gone.segmentId(), 4);
            assertEquals(1, store.purgeDeleted(ORDERS_0));
            store.verify();
        }
        return written;
    }

    private void assertRefusedOnOpen(String table) throws IOException {
        CorruptRemoteMetadataException corrupt = assertThrows(CorruptRemoteMetadataException.class,
                () -> RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults()).close());
        assertEquals(dir.toRealPath().resolve(LmdbEnvironment.DATA_FILE).toString(), corrupt.file());
        assertTrue(corrupt.getMessage().contains("the " + table + " table disagrees with its witness"), corrupt.getMessage());
    }

    @Test
    void shouldOpenAndVerifyAStoreWhoseTablesMatchTheWitness() {
        List<RemoteSegmentMetadata> written = writeStore();
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            store.verify();
            assertEquals(written, store.segments(ORDERS_0));
        }
    }

    @Test
    void shouldRefuseAStoreWithASegmentDroppedBehindItsBack() throws IOException {
        RemoteSegmentMetadata dropped = writeStore().get(2);
        RawLmdb.write(dir, "segments", (txn, segments) -> assertTrue(segments.delete(txn,
                SegmentKeyDescriptor.key(ORDERS_0, dropped.baseOffset(), dropped.segmentId()))));
        assertRefusedOnOpen("segments");
    }

    @Test
    void shouldRefuseAStoreWithASegmentIdsEntryDroppedBehindItsBack() throws IOException {
        RemoteSegmentMetadata dropped = writeStore().get(0);
        RawLmdb.write(dir, "segment-ids", (txn, ids) ->
                assertTrue(ids.delete(txn, SegmentKeyDescriptor.idKey(dropped.segmentId()))));
        assertRefusedOnOpen("segment-ids");
    }

    @Test
    void shouldRefuseAStoreWithAValueChangedBehindItsBack() throws IOException {
        RemoteSegmentMetadata changed = writeStore().get(1);
        byte[] key = SegmentKeyDescriptor.key(ORDERS_0, changed.baseOffset(), changed.segmentId());
        byte[] other = SegmentValueCodec.encode(changed.moved(RemoteSegmentState.DELETE_SEGMENT_STARTED,
                changed.objects(), 9));
        RawLmdb.write(dir, "segments", (txn, segments) -> segments.put(txn, key, other));
        assertRefusedOnOpen("segments");
    }

    @Test
    void shouldRefuseAStoreWithAnEntryAddedBehindItsBack() throws IOException {
        writeStore();
        TopicPartition other = new TopicPartition("other", 0);
        RemoteSegmentMetadata added = Segments.started(other, java.util.UUID.randomUUID(), 0, 9, 1);
        RawLmdb.write(dir, "segments", (txn, segments) -> segments.put(txn,
                SegmentKeyDescriptor.key(other, 0, added.segmentId()), SegmentValueCodec.encode(added)));
        assertRefusedOnOpen("segments");
    }

    @Test
    void shouldFailVerifyWhenAnEntryIsDroppedWhileTheStoreIsOpen() {
        RemoteSegmentMetadata dropped = writeStore().get(3);
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            RawLmdb.write(dir, "segments", (txn, segments) -> assertTrue(segments.delete(txn,
                    SegmentKeyDescriptor.key(ORDERS_0, dropped.baseOffset(), dropped.segmentId()))));
            CorruptRemoteMetadataException corrupt = assertThrows(CorruptRemoteMetadataException.class, store::verify);
            assertTrue(corrupt.getMessage().contains("witness count=4, hash="), corrupt.getMessage());
            assertTrue(corrupt.getMessage().contains("scanned count=3, hash="), corrupt.getMessage());
        }
    }

    @Test
    void shouldWriteTheWitnessOnFirstOpenOfAStoreWrittenBeforeIt() throws IOException {
        List<RemoteSegmentMetadata> written = writeStore();
        RawLmdb.write(dir, StoreWitness.DATABASE, (txn, witness) -> witness.drop(txn, true));
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            assertEquals(written, store.segments(ORDERS_0));
            store.verify();
        }
        RawLmdb.write(dir, StoreWitness.DATABASE, (txn, witness) -> assertNotNull(witness.get(txn, StoreWitness.KEY)));
        RemoteSegmentMetadata dropped = written.get(0);
        RawLmdb.write(dir, "segments", (txn, segments) -> assertTrue(segments.delete(txn,
                SegmentKeyDescriptor.key(ORDERS_0, dropped.baseOffset(), dropped.segmentId()))));
        assertRefusedOnOpen("segments");
    }
}
