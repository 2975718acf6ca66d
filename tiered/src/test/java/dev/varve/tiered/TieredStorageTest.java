package dev.varve.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.lmdb.CorruptRemoteMetadataException;
import dev.varve.lmdb.RemoteLogMetadataStore;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.tiered.s3.FaultProxy;
import dev.varve.tiered.s3.S3ProxyServer;
import dev.varve.tiered.s3.S3RemoteStore;
import dev.varve.tiered.s3.S3StoreConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * Tiered storage end to end against S3Proxy on 127.0.0.1: a tiered topic and a never-tiered twin get the
 * same appends; after uploads and local retention the tiered one must read exactly as the twin.
 * <pre>
 *   offsets   0 ............................................ end
 *   twin      [seg][seg][seg] ... [seg][active]                  local only
 *   tiered    remote: [seg][seg] ... [seg]  local: [active]      local.retention.bytes=0
 * </pre>
 */
class TieredStorageTest {
    static final Map<String, String> TIERED = Map.of("segment.bytes", "4096", "index.interval.bytes", "512",
            "remote.storage.enable", "true", "local.retention.bytes", "0");
    static final Map<String, String> PLAIN = Map.of("segment.bytes", "4096", "index.interval.bytes", "512");
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;

    @TempDir
    Path dir;
    private Map<String, String> configs;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void bucket() {
        String bucket = "tiered-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        configs = new java.util.HashMap<>(TieredFixture.configs(server, bucket));
        configs.put(TieredStorage.READER_CHUNK_BYTES_CONFIG, "4096");
    }

    private TieredFixture open() {
        return new TieredFixture(dir, configs, TieringHook.NONE);
    }

    @Test
    void shouldUploadClosedSegmentsDeleteThemLocallyAndReadEveryRecordBack() {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            f.catalog.create("plain", 1, PLAIN);
            PartitionLog log = f.tiered.open("t", 0);
            PartitionLog twin = f.tiered.open("plain", 0);
            TieredFixture.fill(200, System.currentTimeMillis(), log, twin);
            int closed = f.engine.cleanable(log.topicPartition()).closedSegments().size();
            assertTrue(closed > 10, "enough segments rolled: " + closed);

            List<RemoteSegmentMetadata> uploaded = new ArrayList<>();
            TierRunSummary summary = f.tiered.run(Optional.of("t"), uploaded::add);

            assertEquals(closed, summary.segmentsUploaded());
            assertEquals(closed, uploaded.size());
            PartitionTierStatus status = f.tiered.status("t", 0);
            assertEquals(1, status.localSegments(), "only the active segment stays local");
            assertEquals(closed, status.readable().size());
            assertEquals(0, status.logStart());
            assertEquals(uploaded.get(uploaded.size() - 1).endOffset() + 1, status.localLogStart());
            assertEquals(objectKeys(status), bucketKeys(), "the bucket holds exactly the recorded objects");
            assertEquals(0, log.logStartOffset());
            assertEquals(readAll(twin), readAll(log));
            assertEquals(1000, records(readAll(log)));
        }
    }

    @Test
    void shouldReadAtRandomOffsetsAndTimestampsExactlyAsANeverTieredLog() {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            f.catalog.create("plain", 1, PLAIN);
            PartitionLog log = f.tiered.open("t", 0);
            PartitionLog twin = f.tiered.open("plain", 0);
            long start = System.currentTimeMillis();
            TieredFixture.fill(150, start, log, twin);
            f.tiered.run(Optional.empty(), segment -> { });
            assertTrue(f.tiered.status("t", 0).localLogStart() > 0);
            long seed = new Random().nextLong();
            Random random = new Random(seed);
            for (int i = 0; i < 300; i++) {
                long offset = random.nextInt((int) log.logEndOffset() + 1);
                int maxBytes = 1 + random.nextInt(3000);
                long maxOffset = random.nextInt(4) == 0 ? offset + random.nextInt(50) : Long.MAX_VALUE;
                ReadResult expected = twin.read(offset, maxBytes, maxOffset);
                ReadResult actual = log.read(offset, maxBytes, maxOffset);
                String where = "seed=" + seed + ", offset=" + offset + ", maxBytes=" + maxBytes + ", maxOffset=" + maxOffset;
                assertEquals(expected.status(), actual.status(), where);
                assertEquals(expected.records().toBuffer(), actual.records().toBuffer(), where);
            }
            for (long ts = start - 5; ts <= start + 1500 + 5; ts += 7) {
                assertEquals(twin.offsetForTimestamp(ts), log.offsetForTimestamp(ts), "timestamp=" + ts);
            }
            assertEquals(0, log.offsetForTimestamp(TimestampOffset.EARLIEST).offset());
            assertTrue(f.tiered.cache().hits() > 0, "hot chunks come from the cache");
        }
    }

    @Test
    void shouldDeleteRemoteSegmentsByTotalRetentionAndMoveTheLogStart() {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            PartitionLog log = f.tiered.open("t", 0);
            TieredFixture.fill(200, System.currentTimeMillis(), log);
            f.tiered.run(Optional.empty(), segment -> { });
            int before = f.tiered.status("t", 0).readable().size();
            f.catalog.alter("t", Map.of("retention.bytes", "20000"), List.of());
            log = f.tiered.open("t", 0);

            TierRunSummary summary = f.tiered.run(Optional.of("t"), segment -> { });

            PartitionTierStatus status = f.tiered.status("t", 0);
            assertTrue(summary.remoteSegmentsDeleted() > 0, "retention.bytes deletes remote segments");
            assertEquals(before - summary.remoteSegmentsDeleted(), status.readable().size());
            assertTrue(status.remoteBytes() + status.localBytes() < 20000 + 4096);
            assertEquals(objectKeys(status), bucketKeys(), "deleted segments' objects are gone");
            long logStart = log.logStartOffset();
            assertEquals(status.remoteLogStart().getAsLong(), logStart);
            assertEquals(ReadResult.Status.OFFSET_OUT_OF_RANGE, log.read(logStart - 1, 1000, Long.MAX_VALUE).status());
            assertEquals(1000 - logStart, records(readAll(log)));
        }
    }

    @Test
    void shouldDeleteATopicsRemoteDataSoThatATopicOfTheSameNameStartsEmpty() {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            TieredFixture.fill(100, System.currentTimeMillis(), f.tiered.open("t", 0));
            f.tiered.run(Optional.empty(), segment -> { });
            assertTrue(bucketKeys().size() > 3);

            f.tiered.deleteTopic("t");

            assertEquals(new TreeSet<String>(), bucketKeys());
            f.catalog.create("t", 1, TIERED);
            PartitionLog fresh = f.tiered.open("t", 0);
            assertEquals(0, fresh.logStartOffset());
            assertEquals(0, fresh.logEndOffset());
            assertEquals(List.of(), f.tiered.status("t", 0).remoteSegments());
        }
    }

    /**
     * Issue 11: orphan cleanup deletes the objects no record names, so a record lost to a damaged LMDB page
     * (here: deleted behind the store's back while it is open) must stop it before it deletes anything.
     */
    @Test
    void shouldNotCleanOrphansWhenTheMetadataStoreLostARecord() {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            TieredFixture.fill(100, System.currentTimeMillis(), f.tiered.open("t", 0));
            f.tiered.run(Optional.empty(), segment -> { });
            TreeSet<String> uploaded = bucketKeys();
            assertTrue(uploaded.size() > 3);
            try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(3)
                    .open(dir.resolve(RemoteLogMetadataStore.DIRECTORY_NAME).toFile())) {
                Dbi<byte[]> segments = env.openDbi("segments", DbiFlags.MDB_UNSIGNEDKEY);
                try (Txn<byte[]> txn = env.txnWrite()) {
                    try (Cursor<byte[]> cursor = segments.openCursor(txn)) {
                        assertTrue(cursor.first());
                        cursor.delete();
                    }
                    txn.commit();
                }
            }
            CorruptRemoteMetadataException corrupt = assertThrows(CorruptRemoteMetadataException.class,
                    f.tiered::cleanOrphans);
            assertTrue(corrupt.getMessage().contains("the segments table disagrees with its witness"), corrupt.getMessage());
            assertEquals(uploaded, bucketKeys(), "nothing deleted");
        }
    }

    @Test
    void shouldFailTypedOnAMissingOrCorruptRemoteObjectAndNeverReturnOtherBytes() throws Exception {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            PartitionLog log = f.tiered.open("t", 0);
            TieredFixture.fill(100, System.currentTimeMillis(), log);
            f.tiered.run(Optional.empty(), segment -> { });
            List<RemoteSegmentMetadata> readable = f.tiered.status("t", 0).readable();
            RemoteSegmentMetadata first = readable.get(0);
            RemoteSegmentMetadata second = readable.get(1);
            try (S3RemoteStore raw = S3RemoteStore.open(S3StoreConfig.from(configs))) {
                Path garbage = dir.resolve("garbage");
                byte[] bytes = new byte[(int) first.sizeBytes()];
                new Random(1).nextBytes(bytes);
                Files.write(garbage, bytes);
                raw.put(first.objects().get(0).key(), garbage);
                raw.delete(second.objects().get(0).key());
            }
            assertThrows(RemoteObjectCorruptException.class, () -> log.read(first.baseOffset(), 1000, Long.MAX_VALUE));
            RemoteObjectNotFoundException missing = assertThrows(RemoteObjectNotFoundException.class,
                    () -> log.read(second.baseOffset(), 1000, Long.MAX_VALUE));
            assertEquals(second.objects().get(0).key(), missing.key());
        }
    }

    /**
     * Issue 11: with the store gone (a dead endpoint), a tiered topic still opens and serves every offset at
     * or above its local log start without a request; a read below it, a run and a topic deletion fail typed
     * once the retry budget is spent; nothing local is lost or deleted.
     */
    @Test
    void shouldServeLocalOffsetsAndFailRemoteOnesTypedWhileTheStoreIsDown() {
        long localStart;
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            PartitionLog log = f.tiered.open("t", 0);
            TieredFixture.fill(100, System.currentTimeMillis(), log);
            f.tiered.run(Optional.empty(), segment -> { });
            TieredFixture.fill(20, System.currentTimeMillis(), log);
            localStart = f.tiered.status("t", 0).localLogStart();
            assertTrue(localStart > 0, "some segments are remote only");
        }
        Map<String, String> dead = new java.util.HashMap<>(configs);
        dead.put(S3StoreConfig.ENDPOINT, "http://127.0.0.1:" + DeadPort.find());
        dead.put(S3StoreConfig.RETRY_MAX_DURATION_MS, "300");
        try (TieredFixture f = new TieredFixture(dir, dead, TieringHook.NONE, false)) {
            PartitionLog log = f.tiered.open("t", 0);
            assertEquals(0, log.logStartOffset());
            assertEquals(600, log.logEndOffset());
            assertEquals(600 - localStart, records(readFrom(log, localStart)));
            assertEquals(localStart, f.tiered.status("t", 0).localLogStart(), "status needs no store either");

            RemoteStoreUnavailableException remote = assertThrows(RemoteStoreUnavailableException.class,
                    () -> log.read(localStart - 1, 1000, Long.MAX_VALUE));
            assertTrue(remote.attempts() > 1 && remote.elapsedMs() < 300, remote.getMessage());
            assertThrows(RemoteStoreUnavailableException.class, () -> f.tiered.run(Optional.empty(), segment -> { }));
            assertThrows(RemoteStoreUnavailableException.class, () -> f.tiered.deleteTopic("t"));
        }
        try (TieredFixture f = open()) {
            PartitionLog log = f.tiered.open("t", 0);
            assertEquals(600, records(readAll(log)), "nothing was lost or deleted");
        }
    }

    /**
     * Issue 11: the S3 server stops right after the run's first object is uploaded and comes back
     * {@code varve.s3.restart.ms} later (3 s by default) on the same port and store; the run waits it out
     * within its retry budget ({@code retry.max.duration.ms} 60 s, no attempt cap) and uploads everything.
     */
    @Test
    void shouldFinishARunThroughARestartOfTheServer() throws Exception {
        long restartMs = Long.getLong("varve.s3.restart.ms", 3000);
        Map<String, String> patient = new java.util.HashMap<>(configs);
        patient.remove(S3StoreConfig.MAX_ATTEMPTS);
        patient.put(S3StoreConfig.RETRY_MAX_DURATION_MS, "60000");
        patient.put(S3StoreConfig.RETRY_BACKOFF_MAX_MS, "500");
        java.util.concurrent.atomic.AtomicLong stoppedAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Thread> restarter = new java.util.concurrent.atomic.AtomicReference<>();
        TieringHook stopOnce = (step, key) -> {
            if (step == TieringHook.Step.OBJECT_UPLOADED && stoppedAt.compareAndSet(0, System.nanoTime())) {
                server.stop();
                Thread restart = new Thread(() -> {
                    try {
                        Thread.sleep(restartMs);
                        server.start();
                    } catch (Exception e) {
                        throw new IllegalStateException("S3Proxy did not start again", e);
                    }
                }, "s3proxy-restart");
                restart.start();
                restarter.set(restart);
            }
        };
        try (TieredFixture f = new TieredFixture(dir, patient, stopOnce)) {
            f.catalog.create("t", 1, TIERED);
            PartitionLog log = f.tiered.open("t", 0);
            TieredFixture.fill(60, System.currentTimeMillis(), log);
            int closed = f.engine.cleanable(log.topicPartition()).closedSegments().size();

            TierRunSummary summary = f.tiered.run(Optional.empty(), segment -> { });

            long runMs = (System.nanoTime() - stoppedAt.get()) / 1_000_000;
            restarter.get().join();
            assertEquals(closed, summary.segmentsUploaded(), "every segment, through a " + restartMs + " ms restart");
            assertTrue(runMs >= restartMs, "the run waited for the server: " + runMs + " ms");
            assertEquals(objectKeys(f.tiered.status("t", 0)), bucketKeys());
            assertEquals(300, records(readAll(log)));
        } finally {
            if (restarter.get() != null) {
                restarter.get().join();
            }
        }
    }

    /**
     * Issue 11: a store whose ListMultipartUploads answers 501 NotImplemented (a {@link FaultProxy} in front of
     * S3Proxy): the run's orphan cleanup asks once for two partitions, the run uploads everything, reads work.
     */
    @Test
    void shouldTierOnAStoreThatDoesNotImplementListMultipartUploads() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.port(), 1000)) {
            proxy.inject("GET", "?uploads", 1000, FaultProxy.Fault.NOT_IMPLEMENTED_501);
            Map<String, String> through = new java.util.HashMap<>(configs);
            through.put(S3StoreConfig.ENDPOINT, "http://127.0.0.1:" + proxy.port());
            try (TieredFixture f = new TieredFixture(dir, through, TieringHook.NONE, false)) {
                f.catalog.create("t", 2, TIERED);
                PartitionLog p0 = f.tiered.open("t", 0);
                PartitionLog p1 = f.tiered.open("t", 1);
                TieredFixture.fill(60, System.currentTimeMillis(), p0, p1);

                TierRunSummary summary = f.tiered.run(Optional.empty(), segment -> { });

                assertTrue(summary.segmentsUploaded() > 4, summary.toString());
                assertEquals(1, proxy.count("GET", "?uploads"), "asked once per store: " + proxy.requests());
                assertEquals(300, records(readAll(p0)));
                assertEquals(300, records(readAll(p1)));
                assertEquals(objectKeys(f.tiered.status("t", 0)).size() + objectKeys(f.tiered.status("t", 1)).size(),
                        bucketKeys().size());
            }
        }
    }

    @Test
    void shouldSayTheBucketIsMissingWhenARunMeetsNone() {
        try (TieredFixture f = open()) {
            f.catalog.create("t", 1, TIERED);
            TieredFixture.fill(100, System.currentTimeMillis(), f.tiered.open("t", 0));
        }
        Map<String, String> missing = new java.util.HashMap<>(configs);
        missing.put(S3StoreConfig.BUCKET, "never-created");
        try (TieredFixture f = new TieredFixture(dir, missing, TieringHook.NONE, false)) {
            RemoteBucketNotFoundException e = assertThrows(RemoteBucketNotFoundException.class,
                    () -> f.tiered.run(Optional.empty(), segment -> { }));
            assertEquals("never-created", e.bucket());
            assertTrue(e.getMessage().startsWith("bucket 'never-created' does not exist"), e.getMessage());
            assertEquals(500, records(readAll(f.tiered.open("t", 0))), "nothing deleted locally");
        }
    }

    /** Every batch from the log start to the end, read 1000 bytes at a time. */
    static List<ByteBuffer> readAll(PartitionLog log) {
        return readFrom(log, log.logStartOffset());
    }

    /** Every batch from {@code offset} to the end, read 1000 bytes at a time. */
    static List<ByteBuffer> readFrom(PartitionLog log, long from) {
        List<ByteBuffer> batches = new ArrayList<>();
        long offset = from;
        while (offset < log.logEndOffset()) {
            ReadResult read = log.read(offset, 1000, Long.MAX_VALUE);
            assertEquals(ReadResult.Status.OK, read.status(), "offset=" + offset);
            ByteBuffer bytes = read.records().toBuffer();
            assertTrue(bytes.remaining() > 0, "offset=" + offset);
            dev.varve.engine.record.RecordBatchFlyweight batch = new dev.varve.engine.record.RecordBatchFlyweight();
            for (int at = bytes.position(); at < bytes.limit(); at += batch.sizeInBytes()) {
                batch.wrap(bytes, at);
                batches.add(bytes.duplicate().position(at).limit(at + batch.sizeInBytes()).slice());
                offset = batch.nextOffset();
            }
        }
        return batches;
    }

    static long records(List<ByteBuffer> batches) {
        dev.varve.engine.record.RecordBatchFlyweight batch = new dev.varve.engine.record.RecordBatchFlyweight();
        return batches.stream().mapToLong(b -> batch.wrap(b, 0).recordCount()).sum();
    }

    static TreeSet<String> objectKeys(PartitionTierStatus status) {
        return status.remoteSegments().stream().flatMap(s -> s.objects().stream())
                .map(dev.varve.lmdb.RemoteObject::key).collect(Collectors.toCollection(TreeSet::new));
    }

    private TreeSet<String> bucketKeys() {
        try (S3RemoteStore raw = S3RemoteStore.open(S3StoreConfig.from(configs))) {
            return raw.list("").stream().map(RemoteObject::key).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    static final class DeadPort {
        static int find() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
