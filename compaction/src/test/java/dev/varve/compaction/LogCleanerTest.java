package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.VarveException;
import dev.varve.engine.fault.FaultyFileSystem;
import dev.varve.engine.fault.Faults;
import dev.varve.engine.log.OffsetCheckpointFile;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.segmented.CleanableLog;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link LogCleaner} on the real {@code segmented} engine: a compacted partition of many small
 * segments, cleaned end to end, keeps each key's latest record with its offset, merges segments,
 * moves the cleaner checkpoint, survives a power loss after cleaning, and honours
 * {@code min.compaction.lag.ms}. Every scenario is fixed by its seed, printed on failure.
 */
class LogCleanerTest {
    private static final TopicPartition TP = new TopicPartition("users", 0);
    private static final long NOW = 1_000_000;
    private static final LogConfig COMPACTED = LogConfig.of(Map.of("cleanup.policy", "compact", "segment.bytes", "8192",
            "index.interval.bytes", "512"));

    @TempDir
    Path dir;

    private SegmentedLogEngine open() {
        return SegmentedLogEngine.open(new EngineContext(dir, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)));
    }

    private LogCleaner cleaner() {
        return new LogCleaner(new CleanerCheckpoint(dir), new OffsetMap(1 << 20), 64 << 10, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    /** Appends {@code updates} records over {@code keys} keys (one in ten a tombstone) in batches of 5; returns the last value per key. */
    static Map<String, String> produce(PartitionLog log, long seed, int updates, int keys, String tag) {
        Random random = new Random(seed);
        Map<String, String> latest = new LinkedHashMap<>();
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            for (int i = 0; i < updates; i += 5) {
                builder.reset(0);
                for (int r = 0; r < 5; r++) {
                    String key = "k" + random.nextInt(keys);
                    String value = random.nextInt(10) == 0 ? null : tag + (i + r) + "-" + "x".repeat(30);
                    builder.append(NOW - 10_000, key.getBytes(StandardCharsets.UTF_8),
                            value == null ? null : value.getBytes(StandardCharsets.UTF_8));
                    latest.put(key, value);
                }
                ByteBuffer built = builder.build();
                log.append(ByteBuffer.allocate(built.remaining()).put(built).flip());
            }
        }
        return latest;
    }

    /** Every record from the log start: offset, key, value (null for a tombstone). */
    static List<String[]> readAll(PartitionLog log) {
        List<String[]> out = new ArrayList<>();
        long offset = log.logStartOffset();
        try (RecordReader records = new RecordReader()) {
            while (offset < log.logEndOffset()) {
                ReadResult result = log.read(offset, 1 << 16, Long.MAX_VALUE);
                RecordBatchReader batches = new RecordBatchReader().reset(result.records().toBuffer());
                long before = offset;
                while (batches.next()) {
                    records.open(batches.batch());
                    while (records.next()) {
                        if (records.offset() >= offset) {
                            byte[] value = records.value();
                            out.add(new String[] {Long.toString(records.offset()), new String(records.key(), StandardCharsets.UTF_8),
                                value == null ? null : new String(value, StandardCharsets.UTF_8)});
                        }
                    }
                    offset = batches.batch().nextOffset();
                }
                if (offset == before) {
                    break;
                }
            }
        }
        return out;
    }

    /** Checks a fully cleaned log (everything in closed segments): one record per key, the latest, offsets increasing. */
    private static void assertCompacted(Map<String, String> latest, List<String[]> records, String scenario) {
        Map<String, String> seen = new LinkedHashMap<>();
        long previous = -1;
        for (String[] record : records) {
            long offset = Long.parseLong(record[0]);
            assertTrue(offset > previous, scenario + ": offsets increase");
            previous = offset;
            assertFalse(seen.containsKey(record[1]), scenario + ": key twice: " + record[1]);
            seen.put(record[1], record[2]);
        }
        assertEquals(latest.keySet(), seen.keySet(), scenario);
        latest.forEach((key, value) -> assertEquals(value, seen.get(key), scenario + ": key " + key));
    }

    @Test
    void shouldKeepTheLatestRecordOfEveryKeyMergeSegmentsAndMoveTheCheckpoint() {
        for (long seed = 0; seed < 3; seed++) {
            String scenario = "seed " + seed;
            try (SegmentedLogEngine engine = open(); LogCleaner cleaner = cleaner()) {
                TopicPartition tp = new TopicPartition("users", (int) seed);
                PartitionLog log = engine.open(tp, COMPACTED);
                Map<String, String> latest = produce(log, seed, 3000, 200, "v");
                log.roll();
                CleanableLog cleanable = engine.cleanable(tp);
                int segmentsBefore = cleanable.closedSegments().size();
                long end = log.logEndOffset();
                CleaningSummary summary = cleaner.clean(cleanable);
                assertEquals(segmentsBefore, summary.segmentsBefore(), scenario);
                assertEquals(segmentsBefore, summary.segmentsAfter(), scenario + ": groups by input size, as Kafka: " + summary);
                assertEquals(3000, summary.recordsRead(), scenario);
                assertEquals(latest.size(), summary.recordsKept(), scenario + ": tombstones stay until their horizon");
                assertEquals(end, summary.cleanedUpTo(), scenario);
                assertEquals(end, new OffsetCheckpointFile(dir.resolve(OffsetCheckpointFile.CLEANER_OFFSET)).read().get(tp), scenario);
                assertEquals(end, log.logEndOffset(), scenario);
                assertCompacted(latest, readAll(log), scenario);

                CleaningSummary again = cleaner.clean(cleanable);
                assertFalse(again.cleanedAnything(), scenario + ": nothing dirty: " + again);

                latest.putAll(produce(log, seed + 100, 100, 200, "w"));
                log.roll();
                CleaningSummary merged = cleaner.clean(cleanable);
                assertTrue(merged.segmentsAfter() < merged.segmentsBefore() / 4, scenario + ": small segments merge: " + merged);
                assertEquals(cleanable.closedSegments().size(), merged.segmentsAfter(), scenario);
                assertCompacted(latest, readAll(log), scenario + ", second pass");
            }
        }
    }

    /**
     * Issue 11, item 1: the cleaner's writes of the cleaned segment fail (injected on real files by
     * {@link FaultyFileSystem}); the pass fails, the log keeps every record it had and takes appends, and
     * after a reopen (which removes the {@code .cleaned} leftovers) the next pass cleans it.
     */
    @ParameterizedTest
    @EnumSource(Faults.Kind.class)
    void shouldKeepTheLogWholeWhenWritingTheCleanedSegmentFails(Faults.Kind kind) {
        Faults faults = new Faults();
        Path faulty = FaultyFileSystem.with(faults).wrap(dir);
        List<String[]> before;
        Map<String, String> latest;
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(faulty, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)));
                LogCleaner cleaner = new LogCleaner(new CleanerCheckpoint(faulty), new OffsetMap(1 << 20), 64 << 10,
                        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))) {
            PartitionLog log = engine.open(TP, COMPACTED);
            latest = produce(log, 7, 1000, 50, "v");
            log.roll();
            before = readAll(log);
            faults.arm(Faults.Op.WRITE, path -> path.getFileName().toString().endsWith(".cleaned"), 1, kind, true);
            assertThrows(VarveException.class, () -> cleaner.clean(engine.cleanable(TP)));
            assertTrue(faults.fired());
            faults.disarm();
            assertEquals(1000, log.logEndOffset());
            assertEquals(strings(before), strings(readAll(log)), "the log keeps every record");
        }
        try (SegmentedLogEngine engine = open(); LogCleaner cleaner = cleaner()) {
            PartitionLog log = engine.open(TP, COMPACTED);
            assertEquals(strings(before), strings(readAll(log)));
            try (Stream<Path> files = Files.list(dir.resolve(TP.folderName()))) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".cleaned")), "no .cleaned leftover after the reopen");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cleaner.clean(engine.cleanable(TP));
            assertCompacted(latest, readAll(log), kind + ", the next pass");
        }
    }

    private static List<String> strings(List<String[]> records) {
        return records.stream().map(Arrays::toString).toList();
    }

    @Test
    void shouldCleanOnlyTheNewDirtySectionAgainstTheCleanOneAndSurviveAPowerLoss() {
        Map<String, String> latest;
        try (SegmentedLogEngine engine = open(); LogCleaner cleaner = cleaner()) {
            PartitionLog log = engine.open(TP, COMPACTED);
            latest = produce(log, 7, 2000, 100, "a");
            log.roll();
            cleaner.clean(engine.cleanable(TP));
            latest.putAll(produce(log, 8, 2000, 100, "b"));
            log.roll();
            long firstDirty = log.logEndOffset() - 2000;
            CleaningSummary second = cleaner.clean(engine.cleanable(TP));
            assertEquals(firstDirty, second.firstDirtyOffset());
            assertCompacted(latest, readAll(log), "second pass");
            produce(log, 9, 50, 100, "unflushed");
            engine.losePowerAndHalt(9);
        }
        try (SegmentedLogEngine engine = open()) {
            List<String[]> after = readAll(engine.open(TP, COMPACTED));
            assertCompacted(latest, after.subList(0, latest.size()), "after power loss: the cleaned log is whole");
        }
    }

    @Test
    void shouldStopQuietlyWhenASegmentGoesUnderThePass() throws Exception {
        try (SegmentedLogEngine engine = open(); LogCleaner cleaner = cleaner()) {
            PartitionLog log = engine.open(TP, COMPACTED);
            produce(log, 5, 1000, 50, "v");
            log.roll();
            CleanableLog cleanable = engine.cleanable(TP);
            DirtySection section = DirtySection.of(cleanable, new CleanerCheckpoint(dir), NOW);
            long secondBase = section.closedSegments().get(1).baseOffset();
            List<String[]> before = readAll(log);
            log.deleteRecordsBefore(secondBase);
            CleaningSummary stopped = cleaner.clean(cleanable, section, NOW);
            assertFalse(stopped.cleanedAnything(), stopped::toString);
            assertEquals(before.size() - secondBase, readAll(log).size());
            try (Stream<Path> files = Files.list(dir.resolve(TP.folderName()))) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".cleaned")));
            }
            assertTrue(cleaner.clean(cleanable).cleanedAnything(), "the next pass cleans");
        }
    }

    @Test
    void shouldNotCleanRecordsYoungerThanTheMinimumCompactionLag() {
        try (SegmentedLogEngine engine = open(); LogCleaner cleaner = cleaner()) {
            PartitionLog log = engine.open(TP, COMPACTED.with(Map.of("min.compaction.lag.ms", "60000")));
            produce(log, 3, 500, 10, "v");
            log.roll();
            CleaningSummary summary = cleaner.clean(engine.cleanable(TP));
            assertFalse(summary.cleanedAnything(), summary::toString);
            assertEquals(500, readAll(log).size());
        }
    }

    /**
     * Issue 11: a byte no checkpoint holds (here invalid UTF-8) used to fail the whole data directory with
     * an I/O error; now the cleaner checkpoint reads as its twin's copy (the offset the cleaner wrote), and
     * without the twin as missing: the partition is dirty from its log start, and a full pass keeps exactly
     * what the first one kept.
     */
    @Test
    void shouldRecleanFromTheLogStartWhenTheCleanerCheckpointHoldsAnUndecodableByte() throws Exception {
        try (SegmentedLogEngine engine = open(); LogCleaner cleaner = cleaner()) {
            PartitionLog log = engine.open(TP, COMPACTED);
            Map<String, String> latest = produce(log, 7, 600, 50, "v");
            log.roll();
            cleaner.clean(engine.cleanable(TP));
            List<String> cleaned = readAll(log).stream().map(r -> String.join(",", r)).toList();
            Path file = dir.resolve(OffsetCheckpointFile.CLEANER_OFFSET);
            long written = new OffsetCheckpointFile(file).read().get(TP);
            assertTrue(written > log.logStartOffset(), "cleaned below " + written);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 2] = (byte) 0xFF;
            Files.write(file, bytes);
            assertEquals(written, new CleanerCheckpoint(dir).firstDirtyOffset(TP, log.logStartOffset(), log.logEndOffset()));
            Files.delete(file.resolveSibling(file.getFileName() + OffsetCheckpointFile.TWIN_SUFFIX));
            CleanerCheckpoint reread = new CleanerCheckpoint(dir);
            assertEquals(log.logStartOffset(), reread.firstDirtyOffset(TP, log.logStartOffset(), log.logEndOffset()));
            try (LogCleaner again = new LogCleaner(reread, new OffsetMap(1 << 20), 64 << 10,
                    Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))) {
                assertTrue(again.clean(engine.cleanable(TP)).recordsRead() > 0, "a full pass");
            }
            assertEquals(cleaned, readAll(log).stream().map(r -> String.join(",", r)).toList());
            assertCompacted(latest, readAll(log), "after the full pass");
        }
    }
}
