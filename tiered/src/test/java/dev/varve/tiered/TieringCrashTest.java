package dev.varve.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.PartitionOfflineException;
import dev.varve.engine.api.VarveException;
import dev.varve.engine.fault.FaultyFileSystem;
import dev.varve.engine.fault.Faults;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.lmdb.RemoteLogMetadataStore;
import dev.varve.lmdb.RemoteMetadataStoreOptions;
import dev.varve.tiered.s3.S3ProxyServer;
import dev.varve.tiered.s3.S3RemoteStore;
import dev.varve.tiered.s3.S3StoreConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A process killed at every durable step of a tiering run (each metadata transition, each object put
 * or deleted, for uploads and for retention's deletes), then restarted: the restart must leave no
 * in-flight record, no object the metadata does not name, every named object present, and after the
 * next run every record inside retention reads back exactly as on a never-tiered twin. The kill is a
 * hook that throws at step k, after which the engine halts without flushing and LMDB keeps only its
 * committed (synced) transactions, as after a SIGKILL. Also a local write or delete that fails during a
 * run, injected on real files by {@link FaultyFileSystem}.
 */
class TieringCrashTest {
    private static final Map<String, String> TIERED = Map.of("segment.bytes", "2048", "index.interval.bytes", "512",
            "remote.storage.enable", "true", "local.retention.bytes", "0", "retention.bytes", "6000");
    private static final Map<String, String> LOCAL_FAULT = Map.of("segment.bytes", "2048", "index.interval.bytes", "512",
            "remote.storage.enable", "true", "local.retention.bytes", "0");
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;

    @TempDir
    Path root;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Thrown by the hook: the process "dies" here. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed(TieringHook.Step step, String key) {
            super("killed after " + step + " of " + key);
        }
    }

    @Test
    void shouldLoseNothingAndLeaveNoOrphanWhenKilledAtAnyStep() throws Exception {
        int steps = countSteps();
        System.out.println("TieringCrashTest: killing at each of " + steps + " steps");
        assertTrue(steps > 25, "uploads and deletes both happen: " + steps + " steps");
        for (int k = 0; k < steps; k++) {
            killAtStepThenRestart(k);
        }
    }

    private int countSteps() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Scenario scenario = new Scenario("count");
        try (TieredFixture f = new TieredFixture(scenario.dir, scenario.configs, (step, key) -> calls.incrementAndGet())) {
            scenario.fill(f);
            f.tiered.run(Optional.empty(), segment -> { });
        }
        return calls.get();
    }

    private void killAtStepThenRestart(int k) throws Exception {
        Scenario scenario = new Scenario("k" + k);
        AtomicInteger calls = new AtomicInteger();
        TieredFixture dying = new TieredFixture(scenario.dir, scenario.configs, (step, key) -> {
            if (calls.getAndIncrement() == k) {
                throw new Killed(step, key);
            }
        });
        scenario.fill(dying);
        Killed killed = assertThrows(Killed.class, () -> dying.tiered.run(Optional.empty(), segment -> { }));
        dying.crash();
        String where = "killed at step " + k + " (" + killed.getMessage() + "), data " + scenario.dir;

        try (TieredFixture restarted = new TieredFixture(scenario.dir, scenario.configs, TieringHook.NONE)) {
            PartitionTierStatus status = restarted.tiered.status("t", 0);
            assertEquals(TieredStorageTest.objectKeys(status), scenario.bucketKeys(), "no orphan object: " + where);
            assertTrue(status.remoteSegments().stream().allMatch(s -> !s.state().isInFlight()), where);
            restarted.tiered.run(Optional.empty(), segment -> { });
            PartitionLog log = restarted.tiered.open("t", 0);
            PartitionLog twin = restarted.tiered.open("plain", 0);
            long start = log.logStartOffset();
            List<ByteBuffer> expected = new ArrayList<>();
            for (ByteBuffer batch : TieredStorageTest.readAll(twin)) {
                if (batch.getLong(0) >= start) {
                    expected.add(batch);
                }
            }
            assertEquals(expected, TieredStorageTest.readAll(log), where);
            assertEquals(1, restarted.tiered.status("t", 0).localSegments(), where);
            assertEquals(TieredStorageTest.objectKeys(restarted.tiered.status("t", 0)), scenario.bucketKeys(), where);
        }
        try (RemoteLogMetadataStore metadata = RemoteLogMetadataStore.open(
                scenario.dir.resolve(RemoteLogMetadataStore.DIRECTORY_NAME), RemoteMetadataStoreOptions.defaults())) {
            assertEquals(List.of(), metadata.inFlight(), "no orphan metadata: " + where);
        }
    }

    /** The engine (on {@code data}, faulty or real), its catalog and tiered storage, closed together. */
    private record Stack(SegmentedLogEngine engine, TopicCatalog catalog, TieredStorage tiered) {
        static Stack open(Path data, Path real, Map<String, String> configs) {
            SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(data, Clock.systemUTC()));
            TopicCatalog catalog = TopicCatalog.open(engine, data);
            // tiered storage's own metadata (LMDB) lives on the real path: the faults are the engine's
            TieredStorage tiered = TieredStorage.open(engine, catalog, real, S3RemoteStore.open(S3StoreConfig.from(configs)), configs,
                    Clock.systemUTC(), TieringHook.NONE);
            return new Stack(engine, catalog, tiered);
        }
    }

    /**
     * Issue 11, item 1, for tiering: after the upload, local retention deletes the uploaded segments; a
     * local write or delete that fails there (renaming a segment to {@code .deleted}, removing it, the
     * directory fsync, writing the log-start checkpoint) fails the run and the partition, leaves no
     * clean-shutdown marker, and after a restart the next run serves every record of a never-tiered
     * twin, from the store or the local files.
     */
    @ParameterizedTest(name = "{2} at {0} #1 of {1}")
    @CsvSource({"MOVE, LOG, EIO", "DELETE, ANY, EIO", "WRITE, CHECKPOINT, ENOSPC", "FORCE, ANY, EIO"})
    void shouldServeEveryRecordAfterALocalFaultDuringTiering(Faults.Op op, Faults.FileKind files, Faults.Kind kind) throws Exception {
        Scenario scenario = new Scenario(op + "-" + files);
        Path data = scenario.dir;
        Map<String, String> configs = scenario.configs;
        Faults faults = new Faults();
        Stack dying = Stack.open(FaultyFileSystem.with(faults).wrap(data), data, configs);
        dying.catalog().create("t", 1, LOCAL_FAULT);
        dying.catalog().create("plain", 1, TieredStorageTest.PLAIN);
        TieredFixture.fill(28, System.currentTimeMillis(), dying.tiered().open("t", 0), dying.tiered().open("plain", 0));
        faults.arm(op, files, 1, kind, true);
        assertThrows(VarveException.class, () -> dying.tiered().run(Optional.of("t"), segment -> { }));
        assertTrue(faults.fired());
        assertThrows(PartitionOfflineException.class, () -> dying.tiered().open("t", 0).append(TieredFixture.batch(1, 0, "refused")));
        faults.disarm();
        dying.tiered().close();
        assertThrows(PartitionOfflineException.class, dying.engine()::close);
        assertFalse(Files.exists(data.resolve(CleanShutdownMarker.FILE_NAME)), "nothing marked clean after the failed delete");

        Stack restarted = Stack.open(data, data, configs);
        try {
            restarted.tiered().run(Optional.empty(), segment -> { });
            PartitionLog log = restarted.tiered().open("t", 0);
            List<ByteBuffer> expected = new ArrayList<>(TieredStorageTest.readAll(restarted.tiered().open("plain", 0)));
            assertEquals(expected, TieredStorageTest.readAll(log), "every record, from the store or the local files");
            assertEquals(1, restarted.tiered().status("t", 0).localSegments(), "the next run deletes what the failed one left");
        } finally {
            restarted.tiered().close();
            restarted.engine().close();
        }
    }

    /** A fresh data directory and bucket. */
    private final class Scenario {
        final Path dir;
        final Map<String, String> configs;

        Scenario(String name) throws Exception {
            dir = Files.createDirectory(root.resolve(name));
            String bucket = "crash-" + BUCKETS.incrementAndGet();
            server.createBucket(bucket);
            configs = new HashMap<>(TieredFixture.configs(server, bucket));
        }

        void fill(TieredFixture f) {
            f.catalog.create("t", 1, TIERED);
            f.catalog.create("plain", 1, TieredStorageTest.PLAIN);
            TieredFixture.fill(28, System.currentTimeMillis(), f.tiered.open("t", 0), f.tiered.open("plain", 0));
        }

        TreeSet<String> bucketKeys() {
            try (S3RemoteStore raw = S3RemoteStore.open(S3StoreConfig.from(configs))) {
                return raw.list("").stream().map(RemoteObject::key).collect(Collectors.toCollection(TreeSet::new));
            }
        }
    }
}
