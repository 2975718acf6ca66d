package dev.varve.lmdb;

import static dev.varve.lmdb.Segments.ORDERS_0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full map, a damaged record and the sizing knobs, on real LMDB files. */
class LmdbLimitsTest {
    private static final long KIB = 1024;

    @TempDir
    Path data;

    @Test
    void shouldGrowAFullMapAndKeepEveryRecord() {
        Path dir = data.resolve("store");
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, new RemoteMetadataStoreOptions(64 * KIB, 4096 * KIB))) {
            for (int i = 0; i < 400; i++) {
                Segments.readable(store, ORDERS_0, i * 10L, i * 10L + 9, i);
            }
            assertTrue(store.mapBytes() > 64 * KIB, "grew: " + store.mapBytes());
            assertEquals(400, store.readableSegments(ORDERS_0).size());
        }
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, new RemoteMetadataStoreOptions(64 * KIB, 4096 * KIB))) {
            assertTrue(store.mapBytes() > 64 * KIB, "reopens at the grown size: " + store.mapBytes());
            assertEquals(4_000 - 1, store.endOffset(ORDERS_0).orElseThrow());
        }
    }

    @Test
    void shouldRefuseAWriteBeyondTheMaximumMapAndKeepWhatWasCommitted() {
        Path dir = data.resolve("store");
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, new RemoteMetadataStoreOptions(64 * KIB, 128 * KIB))) {
            int written = 0;
            RemoteMetadataStoreFullException full = null;
            while (full == null && written < 100_000) {
                try {
                    store.addCopyStarted(Segments.started(ORDERS_0, UUID.randomUUID(), written, written, 1));
                    written++;
                } catch (RemoteMetadataStoreFullException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "the map filled up");
            assertTrue(full.getMessage().contains("store=" + store.directory()), full.getMessage());
            assertTrue(full.getMessage().contains(RemoteMetadataStoreOptions.MAP_MAX_BYTES_CONFIG), full.getMessage());
            assertEquals(56, full.kafkaErrorCode());
            assertEquals(written, store.segments(ORDERS_0).size());
        }
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, new RemoteMetadataStoreOptions(64 * KIB, 1024 * KIB))) {
            store.addCopyStarted(Segments.started(new TopicPartition("more", 0), UUID.randomUUID(), 0, 0, 1));
        }
    }

    @Test
    void shouldReportADamagedRecordWithTheDataFileAndKey() {
        Path dir = data.resolve("store");
        RemoteSegmentMetadata segment;
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            segment = Segments.readable(store, ORDERS_0, 0, 9, 1);
        }
        byte[] key = SegmentKeyDescriptor.key(ORDERS_0, 0, segment.segmentId());
        RawLmdb.write(dir, "segments", (txn, segments) -> {
            byte[] value = segments.get(txn, key).clone();
            value[SegmentValueCodec.END_OFFSET_OFFSET + 7] ^= 1;
            segments.put(txn, key, value);
        });
        // as in a store written before the witness: the next open computes it from the damaged table
        RawLmdb.write(dir, StoreWitness.DATABASE, (txn, witness) -> witness.delete(txn, StoreWitness.KEY));
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            for (Runnable query : List.<Runnable>of(() -> store.segments(ORDERS_0), () -> store.inFlight(),
                    () -> store.segmentForOffset(ORDERS_0, 5), () -> store.deleteStarted(ORDERS_0, segment.segmentId(), 2))) {
                CorruptRemoteMetadataException corrupt = assertThrows(CorruptRemoteMetadataException.class, query::run);
                assertEquals(dir.toRealPath().resolve("data.mdb").toString(), corrupt.file());
                assertTrue(corrupt.getMessage().contains("key=orders-0/0/" + segment.segmentId()), corrupt.getMessage());
                assertTrue(corrupt.getMessage().contains("checksum mismatch"), corrupt.getMessage());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldReadSizingFromKafkaStyleConfigNames() {
        assertEquals(RemoteMetadataStoreOptions.defaults(), RemoteMetadataStoreOptions.fromConfig(Map.of("other", "x")));
        assertEquals(new RemoteMetadataStoreOptions(1 << 20, 1 << 30), RemoteMetadataStoreOptions.fromConfig(Map.of(
                "remote.log.metadata.map.bytes", "1048576", "remote.log.metadata.map.max.bytes", "1073741824")));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteMetadataStoreOptions.fromConfig(Map.of("remote.log.metadata.map.bytes", "lots")));
        assertThrows(IllegalArgumentException.class, () -> new RemoteMetadataStoreOptions(1024, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new RemoteMetadataStoreOptions(1 << 20, 1 << 19));
    }
}
