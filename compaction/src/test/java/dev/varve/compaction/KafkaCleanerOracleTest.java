package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.compaction.KeyedLog.Batch;
import dev.varve.compaction.KeyedLog.Rec;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Varve's cleaner against Apache Kafka 4.4's whole cleaner ({@code Cleaner.doClean}: its offset map,
 * grouping, filter and segment swap) on the same segment files. Each scenario cleans the first
 * {@code split} segments of a random keyed log at {@code NOW} (tombstones get their horizon), then
 * runs a second pass over the dirty rest (or, forced, over the whole log again) at a time just
 * before, at or after the horizon; after each pass both logs must hold the same records (offset,
 * timestamp, key, value) in the same batches (offsets, count, codec, delete horizon, producer
 * fields). The one difference allowed: empty batches. Kafka keeps the last batch of a round even when
 * it empties ({@code nextOffset == highWatermark}) and drops other emptied batches; Varve keeps one empty
 * batch for each run of emptied batches, so its cleaned segment (here the first) has no offset gap (see
 * the package documentation and {@link KeyedLog#assertSameButEmptyBatches}). A property failure prints
 * the seed; pin it with {@code checkSeed(seed)}.
 */
class KafkaCleanerOracleTest {
    private static final long RETENTION_MS = 60_000;
    private static final long NOW = KeyedLog.NOW_MS;
    private static final int MAP_BYTES = 64 * 1024;
    private static final CleanerOptions OPTIONS = CleanerOptions.DEFAULTS.withDeleteRetentionMs(RETENTION_MS);

    @TempDir
    Path root;

    @Test
    void shouldCleanAsKafkasCleanerOnRandomKeyedLogs() {
        qt().withExamples(Integer.getInteger("varve.property.examples", 200) / 4)
                .forAll(longs().all())
                .checkAssert(this::checkSeed);
    }

    void checkSeed(long seed) {
        KeyedLog log = KeyedLog.random(seed);
        SplittableRandom random = new SplittableRandom(~seed);
        int segments = log.segments.size();
        int split = 1 + random.nextInt(segments);
        boolean fromStart = split == segments || random.nextBoolean();
        long secondNow = NOW + RETENTION_MS + random.nextInt(3) - 1;
        try {
            check(log, split, fromStart, secondNow);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed=" + seed + " split=" + split + " fromStart=" + fromStart + " secondNow=NOW"
                    + (secondNow - NOW >= 0 ? "+" : "") + (secondNow - NOW) + " (pin with checkSeed(" + seed + "L))", e);
        }
    }

    @Test
    void shouldRemoveACleanTombstoneAtItsHorizonAsKafkaDoes() {
        KeyedLog log = KeyedLog.random(0).withSegments(List.of(
                List.of(new Batch(CompressionCodec.ZSTD, -1, List.of(rec(0, "a", "1"), rec(1, "a", null), rec(2, "b", "2")))),
                List.of(new Batch(CompressionCodec.NONE, -1, List.of(rec(3, "b", "3"), rec(4, "c", "4"))))));
        List<Rec> beforeHorizon = check(log, 1, false, NOW + RETENTION_MS - 1);
        assertEquals(List.of(rec(1, "a", null), rec(3, "b", "3"), rec(4, "c", "4")), beforeHorizon);
        List<Rec> atHorizon = check(log, 1, false, NOW + RETENTION_MS);
        assertEquals(List.of(rec(3, "b", "3"), rec(4, "c", "4")), atHorizon);
    }

    @Test
    void shouldKeepAnActiveProducersLastBatchEmptyAsKafkaDoes() {
        KeyedLog log = KeyedLog.random(0).withSegments(List.of(
                List.of(new Batch(CompressionCodec.LZ4, 5, List.of(rec(0, "a", "1"), rec(1, "b", "1"))),
                        new Batch(CompressionCodec.NONE, -1, List.of(rec(2, "a", "2"), rec(3, "b", "2"))))));
        assertEquals(List.of(rec(2, "a", "2"), rec(3, "b", "2")), check(log, 1, true, NOW));
    }

    @Test
    void shouldKeepTheRoundsLastBatchEmptyAsKafkaDoes() {
        KeyedLog log = KeyedLog.random(0).withSegments(List.of(
                List.of(new Batch(CompressionCodec.SNAPPY, -1, List.of(rec(0, "a", "1"), rec(1, "a", null))))));
        assertEquals(List.of(), check(log, 1, true, NOW + RETENTION_MS));
    }

    /** Runs one scenario on both cleaners, compares after each pass; returns the records left. */
    private List<Rec> check(KeyedLog log, int split, boolean fromStart, long secondNow) {
        Path kafkaDir = newDir().resolve("oracle-0");
        Path varveDir = newDir();
        log.writeTo(createDirectories(kafkaDir));
        List<Path> segments = log.writeTo(varveDir);
        try (KafkaCleaner kafka = KafkaCleaner.open(kafkaDir, RETENTION_MS, MAP_BYTES, NOW)) {
            long end = kafka.logEndOffset();
            long firstUncleanable = split == segments.size() ? end : baseOffset(segments.get(split));
            ActiveProducers producers = kafka.activeProducers();
            for (long producerId : log.lastOffsetOfProducer.keySet()) {
                assertEquals(log.producers().lastOffsetOf(producerId), producers.lastOffsetOf(producerId),
                        "Kafka rebuilt the producer state of the files: producerId=" + producerId);
            }

            long checkpoint = kafka.clean(0, firstUncleanable, NOW);
            segments = varvePass(segments, 0, firstUncleanable, NOW, producers);
            assertEquals(firstUncleanable, checkpoint, "pass 1 cleans up to the first uncleanable offset");
            assertSameLog(kafka, segments, end, "pass 1");

            long firstDirty = fromStart ? 0 : checkpoint;
            kafka.clean(firstDirty, end, secondNow);
            segments = varvePass(segments, firstDirty, end, secondNow, producers);
            assertSameLog(kafka, segments, end, "pass 2");
            return readAll(segments);
        }
    }

    /**
     * Varve's pass as the engine runs it: the map over the dirty range, one group of every segment
     * below the map's end, the cleaned segment swapped in under its live name.
     */
    private static List<Path> varvePass(List<Path> segments, long firstDirty, long firstUncleanable, long nowMs,
            ActiveProducers producers) {
        OffsetMap map = new OffsetMap(MAP_BYTES);
        try (OffsetMapBuilder builder = new OffsetMapBuilder(4096)) {
            builder.build(map, segments, firstDirty, firstUncleanable);
        }
        List<Path> group = segments.stream().filter(s -> baseOffset(s) <= map.latestOffset()).toList();
        CleaningResult result = new SegmentCleaner(OPTIONS).clean(group, map, firstUncleanable, nowMs, producers);
        try {
            for (Path replaced : group) {
                Files.delete(replaced);
            }
            Files.delete(result.cleanedOffsetIndex());
            Files.delete(result.cleanedTimeIndex());
            Path live = group.get(0);
            Files.move(result.cleanedLog(), live);
            List<Path> after = new ArrayList<>(List.of(live));
            after.addAll(segments.subList(group.size(), segments.size()));
            return after;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameLog(KafkaCleaner kafka, List<Path> varve, long end, String pass) {
        List<String> ours = new ArrayList<>();
        for (Path segment : varve) {
            try (FileRecords file = FileRecords.open(segment.toFile())) {
                if (segment == varve.get(0)) {
                    KeyedLog.assertNoOffsetGap(file.batches(), baseOffset(segment), pass + ", the cleaned segment");
                }
                ours.addAll(KeyedLog.describe(file.batches()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        KeyedLog.assertSameButEmptyBatches(KeyedLog.describe(kafka.batches()), ours, pass + ": the same batches and records as Kafka's cleaner");
    }

    private static List<Rec> readAll(List<Path> segments) {
        List<Rec> all = new ArrayList<>();
        segments.forEach(s -> all.addAll(KeyedLog.readWithKafka(s)));
        return all;
    }

    private static Rec rec(long offset, String key, String value) {
        return new Rec(offset, NOW - 1000 + offset, key, value);
    }

    private static long baseOffset(Path segment) {
        return LogFileName.parse(segment.getFileName().toString()).orElseThrow().baseOffset();
    }

    private Path newDir() {
        try {
            return Files.createTempDirectory(root, "log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
