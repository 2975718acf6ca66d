package dev.varve.engine.segmented;

import static dev.varve.engine.segmented.SegmentedLogTest.batch;
import static dev.varve.engine.segmented.SegmentedLogTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogSlice;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.PartitionOfflineException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.fault.Faults;
import dev.varve.engine.fault.FaultyFileSystem;
import dev.varve.engine.fault.KafkaFolderOracle;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safe swap of a cleaned segment ({@link SegmentSwap}), driven through
 * {@link CleanableLog#replaceSegments}: a "cleaned" segment here is the replaced segments' batches
 * minus some whole batches (the group's last one included, so it ends short of the next base, as a
 * cleaned segment may). The crash test stops the swap after each of its steps in turn, halts the
 * engine, reopens it, and checks the log holds exactly the original or exactly the cleaned records,
 * and that Kafka 4.4's own loader, on a copy of the interrupted folder, ends with the same offsets.
 */
class SegmentSwapTest {
    private static final TopicPartition TP = new TopicPartition("swapped", 0);
    private static final LogConfig SMALL = LogConfig.of(Map.of("segment.bytes", "4096", "index.interval.bytes", "256"));
    /** Step index from which a crash leaves the cleaned segment: the three renames to .swap are done. */
    private static final int FIRST_STEP_KEEPING_CLEANED = 3;

    @TempDir
    Path dir;

    private static final class Crash extends RuntimeException {
        Crash(String step) {
            super("crash after: " + step);
        }
    }

    /** A log of 40 batches of 5 records over several segments, flushed. */
    private static SegmentedPartitionLog fill(SegmentedLogEngine engine) {
        SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
        for (int i = 0; i < 40; i++) {
            log.append(batch(5, 100 + i, "b" + i));
        }
        log.flush();
        return log;
    }

    private static SegmentedLogEngine open(Path data) {
        return SegmentedLogEngine.open(new EngineContext(data, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
    }

    /**
     * Writes {@code <B>.*.cleaned} for the closed segments 1 and 2: their batches except every other
     * one (the last stays, as a cleaner keeps it). Returns the replaced bases; {@code removed} gets the
     * offsets dropped.
     */
    private static List<Long> writeCleaned(Path folder, CleanableLog log, List<Long> removed) throws IOException {
        return writeCleaned(folder, log, removed, (i, count) -> i % 2 == 1 && i != count - 1);
    }

    /** Which of a group's {@code count} batches a "cleaning" removes, by index. */
    @FunctionalInterface
    private interface Removal {
        boolean removes(int index, int count);
    }

    private static List<Long> writeCleaned(Path folder, CleanableLog log, List<Long> removed, Removal removal) throws IOException {
        List<CleanableLog.ClosedSegment> closed = log.closedSegments();
        List<CleanableLog.ClosedSegment> group = closed.subList(1, 3);
        long base = group.get(0).baseOffset();
        Path staging = Files.createDirectories(folder.resolveSibling("staging"));
        List<ByteBuffer> batches = new ArrayList<>();
        for (CleanableLog.ClosedSegment segment : group) {
            RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(Files.readAllBytes(segment.log())));
            while (reader.next()) {
                ByteBuffer bytes = reader.batch().buffer().duplicate();
                bytes.position(reader.batch().start()).limit(reader.batch().start() + reader.batch().sizeInBytes());
                batches.add(ByteBuffer.allocate(bytes.remaining()).put(bytes).flip());
            }
        }
        try (LogSegment cleaned = LogSegment.open(staging, base, SMALL, 0)) {
            RecordBatchReader reader = new RecordBatchReader(false);
            for (int i = 0; i < batches.size(); i++) {
                ByteBuffer batch = batches.get(i);
                long first = batch.getLong(0);
                int lastDelta = batch.getInt(23);
                if (removal.removes(i, batches.size())) {
                    for (long offset = first; offset <= first + lastDelta; offset++) {
                        removed.add(offset);
                    }
                } else {
                    cleaned.append(batch, reader);
                }
            }
        }
        for (LogFileType type : List.of(LogFileType.LOG, LogFileType.OFFSET_INDEX, LogFileType.TIME_INDEX)) {
            LogFileName live = LogFileName.of(base, type);
            Files.move(live.resolveIn(staging), live.withSuffix(LogFileName.Suffix.CLEANED).resolveIn(folder));
        }
        return group.stream().map(CleanableLog.ClosedSegment::baseOffset).toList();
    }

    private static List<String> without(List<String> records, List<Long> removed) {
        return records.stream().filter(r -> !removed.contains(Long.parseLong(r.substring(0, r.indexOf('='))))).toList();
    }

    @Test
    void shouldFinishOrRollBackASwapInterruptedAfterAnyStep() throws IOException {
        boolean crashed = true;
        for (int step = 0; crashed; step++) {
            Path data = dir.resolve("crash-after-step-" + step);
            Path folder = data.resolve(TP.folderName());
            List<Long> removed = new ArrayList<>();
            List<String> original;
            List<String> cleaned;
            try (SegmentedLogEngine engine = open(data)) {
                SegmentedPartitionLog log = fill(engine);
                original = readAll(log);
                List<Long> bases = writeCleaned(folder, log, removed);
                cleaned = without(original, removed);
                int crashAt = step;
                int[] reached = {0};
                log.swapHook(name -> {
                    if (reached[0]++ == crashAt) {
                        throw new Crash(name);
                    }
                });
                try {
                    log.replaceSegments(bases);
                    crashed = false;
                } catch (Crash expected) {
                    assertThrows(IllegalStateException.class, log::logEndOffset, "a failed swap closes the log");
                }
                engine.halt();
            }
            List<String> expected = crashed && step < FIRST_STEP_KEEPING_CLEANED ? original : cleaned;
            String scenario = "crash after step " + step + (crashed ? "" : " (no crash)");
            assertEquals(offsets(expected), kafkaLoadsOffsets(folder, data.resolve("kafka")), scenario + ": Kafka's LogLoader agrees");
            try (SegmentedLogEngine engine = open(data)) {
                assertFalse(engine.wasCleanShutdown());
                SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
                assertEquals(expected, readAll(log), scenario);
                assertEquals(200, log.logEndOffset(), scenario);
                assertEquals(200, log.append(batch(1, 500, "after")).firstOffset(), scenario);
            }
            assertEquals(List.of(), leftovers(folder), scenario);
            try (SegmentedLogEngine engine = open(data)) {
                assertEquals(expected.size() + 1, readAll(engine.open(TP, SMALL)).size(), scenario);
            }
        }
    }

    @Test
    void shouldFailThePartitionAndLeaveALoadableFolderWhenAnyRenameOfTheSwapFails() throws IOException {
        boolean failed = true;
        for (int nth = 1; failed; nth++) {
            Path data = dir.resolve("rename-" + nth + "-fails");
            Path folder = data.resolve(TP.folderName());
            Faults faults = new Faults();
            List<Long> removed = new ArrayList<>();
            List<String> original;
            SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(FaultyFileSystem.with(faults).wrap(data),
                    Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
            SegmentedPartitionLog log = fill(engine);
            original = readAll(log);
            List<Long> bases = writeCleaned(folder, log, removed);
            faults.arm(Faults.Op.MOVE, Faults.FileKind.ANY, nth, Faults.Kind.EIO, false);
            try {
                log.replaceSegments(bases);
                failed = faults.fired();
                faults.disarm();
                engine.close();
            } catch (LogStorageException expected) {
                faults.disarm();
                assertThrows(PartitionOfflineException.class, engine::close, "no clean shutdown after a failed swap");
                assertFalse(Files.exists(data.resolve(CleanShutdownMarker.FILE_NAME)));
            }
            try (SegmentedLogEngine reopened = open(data)) {
                List<String> after = readAll(reopened.open(TP, SMALL));
                assertTrue(after.equals(original) || after.equals(without(original, removed)), "rename " + nth + " failed: " + after);
            }
            KafkaFolderOracle.assertAccepts(folder);
        }
    }

    @Test
    void shouldKeepEveryRecordOfACleanedLogThroughAPowerLossAfterTheSwap() throws IOException {
        for (long seed = 0; seed < 6; seed++) {
            Path data = dir.resolve("power-" + seed);
            List<Long> removed = new ArrayList<>();
            List<String> cleaned;
            try (SegmentedLogEngine engine = open(data)) {
                SegmentedPartitionLog log = fill(engine);
                List<String> original = readAll(log);
                log.replaceSegments(writeCleaned(data.resolve(TP.folderName()), log, removed));
                cleaned = without(original, removed);
                for (int i = 0; i < 12; i++) {
                    log.append(batch(5, 900 + i, "unflushed" + i));
                }
                engine.losePowerAndHalt(seed);
            }
            try (SegmentedLogEngine engine = open(data)) {
                List<String> after = readAll(engine.open(TP, SMALL));
                assertEquals(cleaned, after.subList(0, cleaned.size()), "seed " + seed + ": the cleaned log survives whole");
                assertTrue(after.size() <= cleaned.size() + 60, "seed " + seed);
            }
        }
    }

    @Test
    void shouldCheckpointTheRecoveryPointAgainForASwapAboveATruncation() throws IOException {
        List<String> cleaned;
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            log.replaceSegments(writeCleaned(dir.resolve(TP.folderName()), log, new ArrayList<>()));
            log.truncateTo(3);
            for (int i = 0; i < 40; i++) {
                log.append(batch(5, 700 + i, "again" + i));
            }
            List<Long> removed = new ArrayList<>();
            List<String> original = readAll(log);
            log.replaceSegments(writeCleaned(dir.resolve(TP.folderName()), log, removed));
            cleaned = without(original, removed);
            engine.losePowerAndHalt(3);
        }
        try (SegmentedLogEngine engine = open(dir)) {
            assertEquals(cleaned, readAll(engine.open(TP, SMALL)), "no segment dropped as if it followed a lost tail");
        }
    }

    @Test
    void shouldKeepASliceOfAReplacedSegmentReadableForTheDeleteDelayThenFailTyped() throws IOException {
        LogSlice before;
        ByteBuffer expected;
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            long base = log.closedSegments().get(1).baseOffset();
            before = log.read(base, 100_000, Long.MAX_VALUE).records();
            expected = before.toBuffer();
            log.replaceSegments(writeCleaned(dir.resolve(TP.folderName()), log, new ArrayList<>()));
            assertEquals(List.of(), leftovers(dir.resolve(TP.folderName())), "the replaced files are gone");
            assertEquals(expected, before.toBuffer(), "within file.delete.delay.ms the slice reads the old bytes");
        }
        LogStorageException closed = assertThrows(LogStorageException.class, before::toBuffer);
        assertTrue(closed.getMessage().contains(".log"), closed.getMessage());
    }

    @Test
    void shouldCloseAReplacedSegmentOnceTheDeleteDelayPassed() throws IOException {
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            log.updateConfig(SMALL.with(Map.of("file.delete.delay.ms", "0")));
            LogSlice before = log.read(log.closedSegments().get(1).baseOffset(), 100_000, Long.MAX_VALUE).records();
            log.replaceSegments(writeCleaned(dir.resolve(TP.folderName()), log, new ArrayList<>()));
            log.flushIfDue();
            assertThrows(LogStorageException.class, before::toBuffer);
            assertEquals(200, log.logEndOffset());
        }
    }

    @Test
    void shouldRefuseToReplaceTheActiveOrNonConsecutiveSegments() {
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            List<CleanableLog.ClosedSegment> closed = log.closedSegments();
            assertThrows(IllegalArgumentException.class, () -> log.replaceSegments(List.of(log.activeSegmentBaseOffset())));
            assertThrows(IllegalArgumentException.class,
                    () -> log.replaceSegments(List.of(closed.get(0).baseOffset(), closed.get(2).baseOffset())));
            assertEquals(200, readAll(log).size());
        }
    }

    /**
     * A cleaned segment without the group's last batch would end short of the next segment's base, and
     * recovery from a lost recovery-point checkpoint would drop every later segment: the swap refuses it,
     * renames nothing, and the next load removes the {@code .cleaned} files.
     */
    @Test
    void shouldRefuseACleanedSegmentThatEndsBeforeTheReplacedOnes() throws IOException {
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            List<String> original = readAll(log);
            List<Long> bases = writeCleaned(dir.resolve(TP.folderName()), log, new ArrayList<>(), (i, count) -> i == count - 1);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> log.replaceSegments(bases));
            assertTrue(refused.getMessage().contains(".log.cleaned"), refused.getMessage());
            assertEquals(original, readAll(log), "nothing was swapped");
        }
        try (SegmentedLogEngine engine = open(dir)) {
            assertEquals(200, readAll(engine.open(TP, SMALL)).size());
        }
        assertEquals(List.of(), leftovers(dir.resolve(TP.folderName())));
    }

    /** A power loss may keep a later rename of step 2 and lose an earlier one: a .cleaned left means roll back. */
    @Test
    void shouldRollBackWhenALogSwapExistsBesideACleanedIndex() throws IOException {
        List<String> original;
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            original = readAll(log);
            long base = writeCleaned(dir.resolve(TP.folderName()), log, new ArrayList<>()).get(0);
            LogFileName cleanedLog = LogFileName.of(base, LogFileType.LOG).withSuffix(LogFileName.Suffix.CLEANED);
            Files.move(cleanedLog.resolveIn(dir.resolve(TP.folderName())),
                    cleanedLog.withSuffix(LogFileName.Suffix.SWAP).resolveIn(dir.resolve(TP.folderName())));
            engine.halt();
        }
        assertEquals(offsets(original), kafkaLoadsOffsets(dir.resolve(TP.folderName()), dir.resolve("kafka")), "Kafka agrees");
        try (SegmentedLogEngine engine = open(dir)) {
            assertEquals(original, readAll(engine.open(TP, SMALL)));
        }
        assertEquals(List.of(), leftovers(dir.resolve(TP.folderName())));
    }

    /**
     * A cleaned segment that ends before the group's last segment (a cleaner that dropped the group's
     * last batches; a swap now refuses one, so the state is made by hand, as an older version could
     * leave it): a swap finished at load replaces the segments its offsets reach; the emptied one, if
     * step 3 had not renamed it yet, stays with its (superseded) records, and offsets never repeat.
     */
    @Test
    void shouldKeepAnEmptiedTailSegmentThatStep3HadNotRenamed() throws IOException {
        List<String> expected;
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = fill(engine);
            List<String> original = readAll(log);
            long secondBase = log.closedSegments().get(2).baseOffset();
            long nextBase = log.closedSegments().get(2).nextBaseOffset();
            List<Long> removed = new ArrayList<>();
            List<Long> bases = writeCleaned(dir.resolve(TP.folderName()), log, removed, (i, count) -> i % 2 == 1);
            removed.removeIf(offset -> offset >= secondBase);
            List<Long> emptied = new ArrayList<>();
            for (long offset = secondBase; offset < nextBase; offset++) {
                emptied.add(offset);
            }
            expected = without(original, removed);
            // as replaceSegments did before step 1: the recovery point checkpointed above the group (without it,
            // recovery would take the short cleaned segment for a lost tail); then the cleaned segment holds only
            // the first segment's kept batches: remove the second's from it; step 2 (.log last); a crash
            Path folder = dir.resolve(TP.folderName());
            rewriteWithout(folder, bases.get(0), emptied);
            for (LogFileType type : List.of(LogFileType.OFFSET_INDEX, LogFileType.TIME_INDEX, LogFileType.LOG)) {
                LogFileName cleaned = LogFileName.of(bases.get(0), type).withSuffix(LogFileName.Suffix.CLEANED);
                Files.move(cleaned.resolveIn(folder), cleaned.withSuffix(LogFileName.Suffix.SWAP).resolveIn(folder));
            }
            engine.writeCheckpoints();
            engine.halt();
        }
        assertEquals(offsets(expected), kafkaLoadsOffsets(dir.resolve(TP.folderName()), dir.resolve("kafka")), "Kafka agrees");
        try (SegmentedLogEngine engine = open(dir)) {
            SegmentedPartitionLog log = (SegmentedPartitionLog) engine.open(TP, SMALL);
            assertEquals(expected, readAll(log));
            assertEquals(200, log.logEndOffset());
        }
    }

    /** Rewrites {@code <base>.log.cleaned} without the batches holding {@code offsets}; its indexes go (rebuilt at load). */
    private static void rewriteWithout(Path folder, long base, List<Long> offsets) throws IOException {
        Path cleaned = LogFileName.of(base, LogFileType.LOG).withSuffix(LogFileName.Suffix.CLEANED).resolveIn(folder);
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(Files.readAllBytes(cleaned)));
        ByteBuffer kept = ByteBuffer.allocate((int) Files.size(cleaned));
        while (reader.next()) {
            if (!offsets.contains(reader.batch().baseOffset())) {
                ByteBuffer bytes = reader.batch().buffer().duplicate();
                kept.put(bytes.position(reader.batch().start()).limit(reader.batch().start() + reader.batch().sizeInBytes()));
            }
        }
        Files.write(cleaned, Arrays.copyOf(kept.array(), kept.position()));
        for (LogFileType type : List.of(LogFileType.OFFSET_INDEX, LogFileType.TIME_INDEX)) {
            Files.write(LogFileName.of(base, type).withSuffix(LogFileName.Suffix.CLEANED).resolveIn(folder), new byte[0]);
        }
    }

    private static List<Long> offsets(List<String> records) {
        return records.stream().map(r -> Long.parseLong(r.substring(0, r.indexOf('=')))).toList();
    }

    /** The offsets Kafka 4.4's {@code UnifiedLog} holds after loading a copy of {@code folder}. */
    private static List<Long> kafkaLoadsOffsets(Path folder, Path kafkaDir) {
        Path copy = KafkaOracle.copyFolder(folder, kafkaDir.resolve(TP.folderName()));
        List<Long> offsets = new ArrayList<>();
        try (KafkaOracle.KafkaLog kafka = KafkaOracle.KafkaLog.open(copy, new KafkaOracle.Knobs(4096, 256, 10 << 20), 0, 200, true)) {
            for (org.apache.kafka.storage.internals.log.LogSegment segment : kafka.log.logSegments()) {
                for (String record : KafkaOracle.kafkaRecords(segment.log(), 0)) {
                    offsets.add(Long.parseLong(record.substring(0, record.indexOf('@'))));
                }
            }
        }
        return offsets;
    }

    private static List<String> leftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".swap") || n.endsWith(".cleaned") || n.endsWith(".deleted")).toList();
        }
    }
}
