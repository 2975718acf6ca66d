package dev.varve.engine.segmented;

import static dev.varve.engine.segmented.SegmentedLogTest.batch;
import static dev.varve.engine.segmented.SegmentedLogTest.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.PartitionOfflineException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.UncleanCloseException;
import dev.varve.engine.fault.FaultyFileSystem;
import dev.varve.engine.fault.KafkaFolderOracle;
import dev.varve.engine.fault.Faults;
import dev.varve.engine.fault.Faults.FileKind;
import dev.varve.engine.fault.Faults.Kind;
import dev.varve.engine.fault.Faults.Op;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.OffsetCheckpointFile;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Item 1 of issue 11: a write that fails with an I/O error (injected on real files by
 * {@link FaultyFileSystem}) leaves the segment, its indexes and the log's state as before it, fails the
 * partition (mutations refused, reads go on), and leaves no clean-shutdown marker; reopening recovers
 * every acknowledged record and takes appends again.
 */
class FailedWriteTest {
    private static final TopicPartition TP = new TopicPartition("faulty", 0);
    private static final LogConfig SMALL = LogConfig.of(Map.of("segment.bytes", "4096", "index.interval.bytes", "256"));
    private static final LogConfig DURABLE = LogConfig.of(Map.of("segment.bytes", "4096", "index.interval.bytes", "256",
            "flush.messages", "1"));

    @TempDir
    Path dir;

    private final Faults faults = new Faults();

    private SegmentedLogEngine openFaulty() {
        Path data = FaultyFileSystem.with(faults).wrap(dir);
        return SegmentedLogEngine.open(new EngineContext(data, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
    }

    private SegmentedLogEngine openReal() {
        return SegmentedLogEngine.open(new EngineContext(dir, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
    }

    private Path folderFile(String name) {
        return dir.resolve(TP.folderName()).resolve(name);
    }

    private static void appendBatches(PartitionLog log, int from, int count) {
        for (int i = from; i < from + count; i++) {
            log.append(batch(3, 100 + i, "b" + i));
        }
    }

    /** After the failure: refused mutations, reads of the acknowledged records, no marker; then a reopen that recovers them. */
    private void assertFailedThenRecovered(SegmentedLogEngine engine, PartitionLog log, List<String> acknowledged, LogConfig config) {
        assertThrows(PartitionOfflineException.class, () -> log.append(batch(1, 900, "refused")));
        assertThrows(PartitionOfflineException.class, log::flush);
        assertThrows(PartitionOfflineException.class, log::roll);
        assertEquals(acknowledged, readAll(log), "reads of what was acknowledged go on");
        faults.disarm();
        PartitionOfflineException closing = assertThrows(PartitionOfflineException.class, engine::close);
        assertEquals(TP, closing.partition());
        assertEquals(56, closing.kafkaErrorCode());
        assertFalse(Files.exists(dir.resolve(CleanShutdownMarker.FILE_NAME)), "nothing is marked clean after an I/O error");
        try (SegmentedLogEngine reopened = openReal()) {
            assertFalse(reopened.wasCleanShutdown());
            PartitionLog recovered = reopened.open(TP, config);
            assertEquals(acknowledged, readAll(recovered));
            long end = recovered.logEndOffset();
            assertEquals(end, recovered.append(batch(2, 950, "after")).firstOffset(), "appends go on after the reopen");
        }
        KafkaFolderOracle.assertAccepts(dir.resolve(TP.folderName()));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldLeaveTheSegmentAndIndexesAsBeforeWhenAnAppendFails(Kind kind) throws IOException {
        SegmentedLogEngine engine = openFaulty();
        PartitionLog log = engine.open(TP, SMALL);
        appendBatches(log, 0, 12);
        List<String> acknowledged = readAll(log);
        long end = log.logEndOffset();
        SegmentedPartitionLog segmented = (SegmentedPartitionLog) log;
        int segments = segmented.segmentCount();
        String active = String.format("%020d", ((SegmentedPartitionLog) log).activeSegmentBaseOffset());
        byte[] logBefore = Files.readAllBytes(folderFile(active + ".log"));
        byte[] indexBefore = Files.readAllBytes(folderFile(active + ".index"));
        faults.arm(Op.WRITE, FileKind.LOG, 1, kind, true);
        LogStorageException failed = assertThrows(LogStorageException.class, () -> log.append(batch(3, 500, "lost")));
        assertTrue(failed.getMessage().contains(kind == Kind.EFBIG ? "File too large" : kind == Kind.EIO ? "Input/output" : "No space"),
                failed.getMessage());
        assertArrayEquals(logBefore, Files.readAllBytes(folderFile(active + ".log")), "the .log is cut back to its size before the append");
        assertArrayEquals(indexBefore, Files.readAllBytes(folderFile(active + ".index")), "no index entry for unwritten bytes");
        assertEquals(end, log.logEndOffset());
        assertEquals(segments, segmented.segmentCount());
        assertFailedThenRecovered(engine, log, acknowledged, SMALL);
    }

    @ParameterizedTest
    @EnumSource(value = FileKind.class, names = {"LOG", "OFFSET_INDEX", "TIME_INDEX"})
    void shouldKeepTheActiveSegmentWhenARollCannotCreateTheNextOne(FileKind kind) {
        SegmentedLogEngine engine = openFaulty();
        SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
        appendBatches(log, 0, 5);
        List<String> acknowledged = readAll(log);
        long activeBase = log.activeSegmentBaseOffset();
        faults.arm(Op.CREATE, kind, 1, Kind.ENOSPC, true);
        assertThrows(LogStorageException.class, log::roll);
        assertEquals(activeBase, log.activeSegmentBaseOffset(), "the old segment stays active");
        assertEquals(1, log.segmentCount());
        assertFailedThenRecovered(engine, log, acknowledged, SMALL);
    }

    @Test
    void shouldRollBackAnAppendThatRolledWhenTheNewSegmentFails() {
        SegmentedLogEngine engine = openFaulty();
        SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
        int batches = 0;
        while (log.segmentCount() == 1 && log.sizeInBytes() < 3900) {
            appendBatches(log, batches++, 1);
        }
        List<String> acknowledged = readAll(log);
        long end = log.logEndOffset();
        faults.arm(Op.WRITE, FileKind.LOG, 1, Kind.EFBIG, true);
        assertThrows(LogStorageException.class, () -> appendBatches(log, 100, 20));
        assertEquals(end <= acknowledged.size() ? log.logEndOffset() : end, log.logEndOffset());
        assertFailedThenRecovered(engine, log, readAll(log), SMALL);
    }

    @Test
    void shouldNotAcknowledgeADurableAppendWhoseFsyncFailed() {
        SegmentedLogEngine engine = openFaulty();
        PartitionLog log = engine.open(TP, DURABLE);
        appendBatches(log, 0, 6);
        List<String> acknowledged = readAll(log);
        faults.arm(Op.FORCE, FileKind.LOG, 1, Kind.EIO, true);
        assertThrows(LogStorageException.class, () -> log.append(batch(3, 600, "not-durable")));
        assertEquals(acknowledged, readAll(log), "the append is rolled back with its failed fsync");
        faults.disarm();
        engine.losePowerAndHalt(7);
        try (SegmentedLogEngine reopened = openReal()) {
            assertEquals(acknowledged, readAll(reopened.open(TP, DURABLE)), "every durable record survives the power loss");
        }
    }

    @Test
    void shouldKeepTheRecoveryPointWhenAFlushFails() throws IOException {
        SegmentedLogEngine engine = openFaulty();
        PartitionLog log = engine.open(TP, SMALL);
        appendBatches(log, 0, 4);
        log.flush();
        engine.writeCheckpoints();
        long flushedEnd = log.logEndOffset();
        appendBatches(log, 4, 4);
        List<String> acknowledged = readAll(log);
        faults.arm(Op.FORCE, FileKind.ANY, 1, Kind.EIO, true);
        assertThrows(LogStorageException.class, log::flush);
        assertThrows(PartitionOfflineException.class, engine::close);
        Map<TopicPartition, Long> points = new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT)).read();
        assertEquals(flushedEnd, points.get(TP), "no recovery point past what was fsynced");
        try (SegmentedLogEngine reopened = openReal()) {
            assertEquals(acknowledged, readAll(reopened.open(TP, SMALL)));
        }
    }

    @Test
    void shouldRestoreTheLogStartWhenItsCheckpointCannotBeWritten() {
        SegmentedLogEngine engine = openFaulty();
        PartitionLog log = engine.open(TP, SMALL);
        appendBatches(log, 0, 40);
        List<String> acknowledged = readAll(log);
        faults.arm(Op.WRITE, FileKind.CHECKPOINT, 1, Kind.ENOSPC, true);
        assertThrows(LogStorageException.class, () -> log.deleteRecordsBefore(30));
        assertEquals(0, log.logStartOffset(), "the log start is not moved past an unwritten checkpoint");
        assertThrows(PartitionOfflineException.class, () -> log.deleteRecordsBefore(30));
        assertFailedThenRecovered(engine, log, acknowledged, SMALL);
    }

    @Test
    void shouldCloseWithoutAMarkerButLoseNothingWhenOnlyTheCheckpointsFail() {
        SegmentedLogEngine engine = openFaulty();
        PartitionLog log = engine.open(TP, SMALL);
        appendBatches(log, 0, 10);
        List<String> acknowledged = readAll(log);
        faults.arm(Op.WRITE, FileKind.CHECKPOINT, 1, Kind.ENOSPC, true);
        UncleanCloseException unclean = assertThrows(UncleanCloseException.class, engine::close);
        assertTrue(unclean.getMessage().contains("checkpoint"), unclean.getMessage());
        assertFalse(Files.exists(dir.resolve(CleanShutdownMarker.FILE_NAME)));
        try (SegmentedLogEngine reopened = openReal()) {
            assertEquals(acknowledged, readAll(reopened.open(TP, SMALL)));
        }
    }

    @Test
    void shouldCloseWithoutAMarkerWhenTheMarkerCannotBeWritten() {
        SegmentedLogEngine engine = openFaulty();
        appendBatches(engine.open(TP, SMALL), 0, 3);
        faults.arm(Op.CREATE, FileKind.MARKER, 1, Kind.EIO, true);
        assertThrows(UncleanCloseException.class, engine::close);
        assertFalse(Files.exists(dir.resolve(CleanShutdownMarker.FILE_NAME)));
        try (SegmentedLogEngine reopened = openReal()) {
            assertFalse(reopened.wasCleanShutdown());
            assertEquals(9, reopened.open(TP, SMALL).logEndOffset());
        }
    }

    @Test
    void shouldKeepIndexesReadableWhenTrimmingThemOnARollFails() {
        SegmentedLogEngine engine = openFaulty();
        SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
        appendBatches(log, 0, 8);
        List<String> acknowledged = readAll(log);
        faults.arm(Op.TRUNCATE, FileKind.OFFSET_INDEX, 1, Kind.EIO, true);
        assertThrows(LogStorageException.class, log::roll);
        assertEquals(1, log.segmentCount());
        assertFailedThenRecovered(engine, log, acknowledged, SMALL);
    }
}
