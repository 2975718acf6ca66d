package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.compaction.KeyedLog.Batch;
import dev.varve.compaction.KeyedLog.Rec;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.record.internal.FileRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCleanerTest {
    private static final long NOW = KeyedLog.NOW_MS;
    private static final long RETENTION = 1000;

    @TempDir
    Path dir;

    private static KeyedLog log(Batch... batches) {
        return KeyedLog.random(0).withSegments(List.of(List.of(batches)));
    }

    @Test
    void shouldKeepATombstoneUntilItsHorizonThenRemoveIt() throws Exception {
        KeyedLog log = log(new Batch(CompressionCodec.ZSTD, -1, List.of(
                new Rec(0, NOW - 5, "a", "1"), new Rec(1, NOW - 4, "a", null), new Rec(2, NOW - 3, "b", "2"))));
        List<Path> segments = log.writeTo(dir);
        CleaningResult first = clean(segments, NOW);
        assertEquals(List.of(new Rec(1, NOW - 4, "a", null), new Rec(2, NOW - 3, "b", "2")), KeyedLog.readWithKafka(first.cleanedLog()));
        assertEquals(1, first.tombstonesKept());

        Path live = swapIn(first.cleanedLog());
        CleaningResult justBefore = clean(List.of(live), NOW + RETENTION - 1);
        assertEquals(1, justBefore.tombstonesKept(), "the horizon stamped by pass 1 is not moved by pass 2");
        CleaningResult atHorizon = clean(List.of(live), NOW + RETENTION);
        assertEquals(List.of(new Rec(2, NOW - 3, "b", "2")), KeyedLog.readWithKafka(atHorizon.cleanedLog()));
        assertEquals(1, atHorizon.tombstonesRemoved());
    }

    @Test
    void shouldKeepRecordsBeyondAFullMapForTheNextPass() {
        KeyedLog log = log(new Batch(CompressionCodec.NONE, -1, List.of(
                new Rec(0, NOW, "a", "1"), new Rec(1, NOW, "a", "2"), new Rec(2, NOW, "b", "3"), new Rec(3, NOW, "a", "4"))));
        List<Path> segments = log.writeTo(dir);
        OffsetMap map = new OffsetMap(24 * 2);
        assertEquals(1, map.maxEntries());
        try (OffsetMapBuilder builder = new OffsetMapBuilder(4096)) {
            assertFalse(builder.build(map, segments, 0, 4));
        }
        assertEquals(1, map.latestOffset());
        CleaningResult result = new SegmentCleaner(CleanerOptions.DEFAULTS).clean(segments, map, 4, NOW, ActiveProducers.NONE);
        assertEquals(List.of(new Rec(1, NOW, "a", "2"), new Rec(2, NOW, "b", "3"), new Rec(3, NOW, "a", "4")),
                KeyedLog.readWithKafka(result.cleanedLog()));
    }

    @Test
    void shouldIndexTheCleanedSegmentAndLeaveTheOriginalsAlone() throws Exception {
        KeyedLog log = KeyedLog.random(42);
        List<Path> segments = log.writeTo(dir);
        byte[] before = Files.readAllBytes(segments.get(0));
        CleaningResult result = new SegmentCleaner(CleanerOptions.DEFAULTS.withIndexIntervalBytes(0))
                .clean(segments, mapOf(segments, log.lastOffset() + 1), log.lastOffset() + 1, NOW, ActiveProducers.NONE);
        assertTrue(Files.exists(result.cleanedOffsetIndex()) && Files.exists(result.cleanedTimeIndex()));
        try (OffsetIndex index = OffsetIndex.openReadOnly(result.cleanedOffsetIndex(), log.records().get(0).offset())) {
            index.sanityCheck();
            assertEquals(Math.max(0, result.batchesWritten() - 1), index.entries(), "interval 0 indexes every batch but the first");
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(segments.get(0)), "the original is only read");
    }

    /**
     * A cleaned segment starts with a batch at its base offset (its file name), even when every record
     * of the group's first batch went: that batch stays as a 61-byte header with its offsets, as the
     * group's last does. Without it, a flipped bit lowering the next batch's base offset into the gap
     * (54 -> 50) would serve that batch's records at shifted offsets, and nothing could tell.
     */
    @Test
    void shouldStartTheCleanedSegmentAtItsBaseOffsetKeepingAnEmptiedFirstBatch() throws Exception {
        KeyedLog log = KeyedLog.random(0).withSegments(List.of(
                List.of(new Batch(CompressionCodec.GZIP, -1, List.of(new Rec(50, NOW, "a", "1"), new Rec(51, NOW, "b", "1"),
                                new Rec(52, NOW, "a", "2"), new Rec(53, NOW, "b", "2"))),
                        new Batch(CompressionCodec.NONE, -1, List.of(new Rec(54, NOW, "a", "3"), new Rec(55, NOW, "b", "3")))),
                List.of(new Batch(CompressionCodec.NONE, -1, List.of(new Rec(56, NOW, "c", "1"))))));
        CleaningResult result = clean(log.writeTo(dir), NOW);
        List<String> kept = describe(result.cleanedLog());
        assertEquals(List.of("batch 50..53 count=0 codec=none horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + NOW + ":",
                "batch 54..55 count=2 codec=none horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + NOW + ": 54/" + NOW + "/a=3 55/" + NOW + "/b=3",
                "batch 56..56 count=1 codec=none horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + NOW + ": 56/" + NOW + "/c=1"), kept);
        assertEquals(1, result.emptyBatchesKept());
    }

    /**
     * A run of emptied batches leaves one empty batch covering their offsets, without producer (0 to 5,
     * across two segments), so no cleaned segment has a gap between batches: each base offset is
     * witnessed by the batch before it. An active producer's emptied last batch keeps its own header,
     * and so does a run of one batch (9).
     */
    @Test
    void shouldCoverEachRunOfDroppedBatchesWithOneEmptyBatch() throws Exception {
        KeyedLog log = KeyedLog.random(0).withSegments(List.of(
                List.of(new Batch(CompressionCodec.NONE, 3, List.of(new Rec(0, NOW - 9, "a", "1"), new Rec(1, NOW - 9, "b", "1"))),
                        new Batch(CompressionCodec.ZSTD, -1, List.of(new Rec(2, NOW - 8, "a", "2"))),
                        new Batch(CompressionCodec.NONE, -1, List.of(new Rec(3, NOW - 7, "c", "1")))),
                List.of(new Batch(CompressionCodec.NONE, -1, List.of(new Rec(4, NOW - 6, "a", "3"), new Rec(5, NOW - 6, "b", "2"))),
                        new Batch(CompressionCodec.NONE, 3, List.of(new Rec(6, NOW - 5, "c", "2"))),
                        new Batch(CompressionCodec.SNAPPY, -1, List.of(new Rec(7, NOW - 4, "c", "3"), new Rec(8, NOW - 3, "a", "4"))),
                        new Batch(CompressionCodec.NONE, -1, List.of(new Rec(9, NOW - 2, "b", "3")))),
                List.of(new Batch(CompressionCodec.NONE, -1, List.of(new Rec(10, NOW - 1, "a", "5"), new Rec(11, NOW - 1, "b", "4"))))));
        List<Path> segments = log.writeTo(dir);
        CleaningResult result = new SegmentCleaner(CleanerOptions.DEFAULTS)
                .clean(segments.subList(0, 2), mapOf(segments, 12), 12, NOW, log.producers());
        assertEquals(List.of(
                "batch 0..5 count=0 codec=none horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + (NOW - 6) + ":",
                "batch 6..6 count=0 codec=none horizon=OptionalLong.empty pid=3 epoch=3 seq=6 ple=7 maxTs=" + (NOW - 5) + ":",
                "batch 7..8 count=1 codec=snappy horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + (NOW - 4) + ": 7/" + (NOW - 4) + "/c=3",
                "batch 9..9 count=0 codec=none horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + (NOW - 2) + ":"),
                describe(result.cleanedLog()));
        assertEquals(3, result.emptyBatchesKept());
    }

    /** A group of one batch whose records all went keeps that one batch, empty: it is both first and last. */
    @Test
    void shouldKeepOneEmptyBatchWhenTheGroupsOnlyBatchEmpties() throws Exception {
        KeyedLog log = log(new Batch(CompressionCodec.LZ4, -1, List.of(new Rec(7, NOW - 5, "a", "1"), new Rec(8, NOW - 4, "a", null))));
        Path live = swapIn(clean(log.writeTo(dir), NOW).cleanedLog());
        CleaningResult result = clean(List.of(live), NOW + RETENTION);
        assertEquals(List.of("batch 7..8 count=0 codec=none horizon=OptionalLong.empty pid=-1 epoch=-1 seq=-1 ple=7 maxTs=" + (NOW - 4) + ":"),
                describe(result.cleanedLog()));
        assertEquals(1, result.emptyBatchesKept());
    }

    /**
     * Without a transaction index the cleaner cannot tell aborted data from committed: an aborted update
     * of "a" must not make the earlier committed "a=1" go, and transactional batches and their markers
     * stay whole; plain records around them are cleaned as usual (an emptied one leaves an empty batch).
     */
    @Test
    void shouldKeepTransactionalBatchesWholeAndNeverLetThemShadowAKey() throws Exception {
        Path segment = dir.resolve("00000000000000000000.log");
        try (RecordBatchBuilder plain = new RecordBatchBuilder(); RecordBatchBuilder txn = new RecordBatchBuilder(CompressionCodec.LZ4);
                FileChannel channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(batch(plain.reset(0), b -> b.append(NOW, bytes("a"), bytes("1"))));
            channel.write(batch(txn.reset(1).producer(7, (short) 0, 0).transactional(true), b -> b.append(NOW, bytes("a"), bytes("aborted"))));
            channel.write(batch(txn.reset(2).producer(7, (short) 0, -1), b -> b.appendEndTxnMarker(ControlRecordType.ABORT, NOW, 0)));
            channel.write(batch(plain.reset(3), b -> b.append(NOW, bytes("b"), bytes("2"))));
            channel.write(batch(plain.reset(4), b -> b.append(NOW, bytes("b"), bytes("3"))));
        }
        List<String> kept = describe(clean(List.of(segment), NOW).cleanedLog());
        assertEquals(5, kept.size(), String.join("\n", kept));
        assertTrue(kept.get(0).endsWith(" 0/" + NOW + "/a=1"), kept.get(0));
        assertTrue(kept.get(1).startsWith("batch 1..1 count=1 codec=lz4") && kept.get(1).endsWith("/a=aborted"), kept.get(1));
        assertTrue(kept.get(2).startsWith("batch 2..2 count=1"), kept.get(2));
        assertTrue(kept.get(3).startsWith("batch 3..3 count=0 "), "the emptied batch leaves no gap: " + kept.get(3));
        assertTrue(kept.get(4).endsWith(" 4/" + NOW + "/b=3"), kept.get(4));
    }

    /** The batches of {@code log} as {@link KeyedLog#describe} shows them, read by Kafka's {@code FileRecords}. */
    private static List<String> describe(Path log) throws Exception {
        try (FileRecords records = FileRecords.open(log.toFile())) {
            return KeyedLog.describe(records.batches());
        }
    }

    /** The batch {@code fill} appends to {@code builder}, built. */
    private static ByteBuffer batch(RecordBatchBuilder builder, Consumer<RecordBatchBuilder> fill) {
        fill.accept(builder);
        return builder.build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private CleaningResult clean(List<Path> segments, long now) {
        long end = 1L << 40;
        return new SegmentCleaner(CleanerOptions.DEFAULTS.withDeleteRetentionMs(RETENTION))
                .clean(segments, mapOf(segments, end), end, now, ActiveProducers.NONE);
    }

    private static OffsetMap mapOf(List<Path> segments, long end) {
        OffsetMap map = new OffsetMap(24 * 1024);
        try (OffsetMapBuilder builder = new OffsetMapBuilder(4096)) {
            assertTrue(builder.build(map, segments, 0, end));
        }
        return map;
    }

    private Path swapIn(Path cleaned) throws Exception {
        Path other = Files.createTempDirectory(dir, "next");
        return Files.copy(cleaned, other.resolve(cleaned.getFileName().toString().replace(".cleaned", "")));
    }
}
