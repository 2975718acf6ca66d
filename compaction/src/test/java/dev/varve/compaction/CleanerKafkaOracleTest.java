package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.compaction.KeyedLog.Rec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaner against its specification and against Kafka: for random keyed logs with tombstones in
 * every codec, a pass keeps each key's latest record exactly once and nothing else of it, offsets and
 * timestamps unchanged and increasing, output read by Kafka's {@code FileRecords} with valid CRCs; and
 * Kafka's own {@code MemoryRecords.filterTo}, driven with Kafka's retain rule over an independent model
 * of the latest offsets, keeps the same (offset, key, value, timestamp) records and the same batches
 * (base/last offset, count, delete horizon), in a first pass and in a second one after the horizon, but
 * for empty batches: ours leave no offset gap, Kafka's drop emptied batches
 * ({@link KeyedLog#assertSameButEmptyBatches}).
 * A failure prints the seed; pin it with {@code checkSeed(seed)}.
 */
class CleanerKafkaOracleTest {
    private static final long RETENTION_MS = 60_000;
    private static final CleanerOptions OPTIONS = CleanerOptions.DEFAULTS.withDeleteRetentionMs(RETENTION_MS).withIndexIntervalBytes(200);

    @TempDir
    Path root;

    @Test
    void shouldMatchKafkaFilterToOnRandomKeyedLogs() {
        qt().withExamples(Integer.getInteger("varve.property.examples", 200) / 4)
                .forAll(longs().all())
                .checkAssert(this::checkSeed);
    }

    void checkSeed(long seed) {
        try {
            check(KeyedLog.random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed=" + seed + " (pin with checkSeed(" + seed + "L))", e);
        }
    }

    private void check(KeyedLog log) throws AssertionError {
        Path dir = newDir();
        List<Path> segments = log.writeTo(dir);
        long end = log.lastOffset() + 1;

        // pass 1 at NOW: latest of every key; tombstones stay and get a horizon.
        CleaningResult first = cleanAt(segments, KeyedLog.NOW_MS, end, log.producers());
        List<Rec> firstOut = KeyedLog.readWithKafka(first.cleanedLog());
        Map<String, Rec> latest = log.latestByKey();
        assertEquals(new ArrayList<>(sorted(latest.values())), firstOut, "pass 1 keeps exactly each key's latest record");
        assertEquals(latest.values().stream().filter(r -> r.value() == null).count(), first.tombstonesKept());
        assertEquals(log.records().size() - firstOut.size(), first.recordsRemoved());

        ByteBuffer kafkaFirst = kafkaFilter(KeyedLog.concat(segments), KeyedLog.NOW_MS, log, end);
        List<String> ourFirst = batches(KeyedLog.concat(List.of(first.cleanedLog())));
        KeyedLog.assertSameButEmptyBatches(batches(kafkaFirst), ourFirst, "pass 1 batches as Kafka's");
        KeyedLog.assertNoOffsetGap(MemoryRecords.readableRecords(KeyedLog.concat(List.of(first.cleanedLog()))).batches(),
                log.records().get(0).offset(), "pass 1");

        // pass 2 after the horizon, over the cleaned segment swapped in under its live name.
        Path dir2 = newDir();
        Path swapped = dir2.resolve(first.cleanedLog().getFileName().toString().replace(".cleaned", ""));
        copy(first.cleanedLog(), swapped);
        long later = KeyedLog.NOW_MS + RETENTION_MS;
        CleaningResult second = cleanAt(List.of(swapped), later, end, log.producers());
        List<Rec> secondOut = KeyedLog.readWithKafka(second.cleanedLog());
        assertEquals(sorted(latest.values().stream().filter(r -> r.value() != null).toList()), secondOut,
                "pass 2 after the horizon drops every tombstone");
        ByteBuffer kafkaSecond = kafkaFilter(kafkaFirst, later, log, end);
        KeyedLog.assertSameButEmptyBatches(batches(kafkaSecond), batches(KeyedLog.concat(List.of(second.cleanedLog()))), "pass 2 batches as Kafka's");
    }

    private CleaningResult cleanAt(List<Path> segments, long nowMs, long end, ActiveProducers producers) {
        OffsetMap map = new OffsetMap(64 * 1024);
        try (OffsetMapBuilder builder = new OffsetMapBuilder(4096)) {
            assertTrue(builder.build(map, segments, 0, end));
        }
        return new SegmentCleaner(OPTIONS).clean(segments, map, end, nowMs, producers);
    }

    /**
     * Kafka's filterTo with Kafka's Cleaner rules, over the model's latest offsets (not our map): an active
     * producer's last batch and the batch ending at the high watermark ({@code end}, where the cleaned
     * group ends too) stay, empty if need be.
     */
    private static ByteBuffer kafkaFilter(ByteBuffer input, long nowMs, KeyedLog log, long end) {
        Map<String, Long> latest = new HashMap<>();
        log.latestByKey().forEach((k, r) -> latest.put(k, r.offset()));
        ActiveProducers producers = log.producers();
        RecordFilter filter = new RecordFilter(nowMs, RETENTION_MS) {
            @Override
            protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
                boolean last = batch.hasProducerId() && producers.lastOffsetOf(batch.producerId()) == batch.lastOffset()
                        || batch.nextOffset() == end;
                return new BatchRetentionResult(last ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
            }

            @Override
            protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
                if (batch.isControlBatch()) {
                    return true;
                }
                if (!record.hasKey()) {
                    return false;
                }
                boolean isLatest = record.offset() >= latest.getOrDefault(KeyedLog.string(record.key()), -1L);
                boolean retainDeletes = batch.deleteHorizonMs().isEmpty() || nowMs < batch.deleteHorizonMs().getAsLong();
                return isLatest && (record.hasValue() || retainDeletes);
            }
        };
        ByteBuffer out = ByteBuffer.allocate(input.remaining() + 4096);
        MemoryRecords.readableRecords(input.duplicate()).filterTo(filter, out, BufferSupplier.NO_CACHING, 64 << 20);
        return out.flip();
    }

    private static List<String> batches(ByteBuffer bytes) {
        return KeyedLog.describe(MemoryRecords.readableRecords(bytes.duplicate()).batches());
    }

    private static List<Rec> sorted(java.util.Collection<Rec> records) {
        List<Rec> list = new ArrayList<>(records);
        list.sort(java.util.Comparator.comparingLong(Rec::offset));
        return list;
    }

    private Path newDir() {
        try {
            return Files.createTempDirectory(root, "log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
