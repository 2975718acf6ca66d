package dev.varve.engine.segmented;

import static dev.varve.engine.record.RecordBatchDescriptor.BASE_OFFSET_OFFSET;
import static dev.varve.engine.record.RecordBatchDescriptor.MAGIC_OFFSET;
import static dev.varve.engine.record.RecordBatchDescriptor.PARTITION_LEADER_EPOCH_OFFSET;
import static dev.varve.engine.segmented.SegmentedLogTest.batch;
import static dev.varve.engine.segmented.SegmentedLogTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Header fields the CRC does not cover (base offset, batch length, leader epoch, magic) damaged on disk:
 * reads after a clean open serve no wrong record (a typed {@link CorruptRecordException} with file and
 * position instead), recovery after an unclean one cuts at the damaged batch, and an index entry that
 * disagrees with its batch is refused as either may be damaged.
 */
class StructuralCorruptionTest {
    private static final TopicPartition TP = SegmentedLogTest.TP;
    private static final LogConfig CONFIG = SegmentedLogTest.SMALL;

    @TempDir
    Path dir;

    private SegmentedLogEngine open() {
        return SegmentedLogEngine.open(new EngineContext(dir, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
    }

    /** Writes 3 segments of 10-record batches (epochs 1, then 2 from offset 100), closes cleanly; returns what reads. */
    private List<String> writeThreeSegments() {
        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, CONFIG);
            for (int i = 0; i < 15; i++) {
                log.appendAsLeader(batch(10, 1000 + i * 10L, "b" + i), i < 10 ? 1 : 2);
            }
            assertTrue(engine.cleanable(TP).closedSegments().size() >= 2);
            return readAll(log);
        }
    }

    private Path segmentLog(long base) {
        return LogFileName.of(base, LogFileType.LOG).resolveIn(dir.resolve("events-0"));
    }

    /** Start positions of the batches of {@code log}. */
    private static List<Integer> positions(Path log) throws IOException {
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(Files.readAllBytes(log)));
        List<Integer> positions = new ArrayList<>();
        while (reader.next()) {
            positions.add(reader.batch().start());
        }
        return positions;
    }

    private static void xor(Path file, long position, int mask) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int original = raf.read();
            raf.seek(position);
            raf.write(original ^ mask);
        }
    }

    @Test
    void shouldRefuseToServeABatchWhoseBaseOffsetWasRaisedAfterACleanShutdown() throws IOException {
        List<String> written = writeThreeSegments();
        Path first = segmentLog(0);
        int second = positions(first).get(1);
        xor(first, second + BASE_OFFSET_OFFSET + 7, 0x01); // baseOffset 10 -> 11: overlaps the next batch

        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, CONFIG);
            assertEquals(written.subList(0, 10), recordsOfOneRead(log, 0), "the batch before the damaged pair is served");
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> log.read(10, 1 << 20, Long.MAX_VALUE));
            assertEquals(CorruptRecordException.Reason.BAD_OFFSET, e.reason());
            assertEquals(first.toString(), e.source());
            assertEquals(second, e.position());
        }
    }

    @Test
    void shouldRefuseAWrongMagicInsteadOfEndingTheReadSilently() throws IOException {
        writeThreeSegments();
        Path first = segmentLog(0);
        int fourth = positions(first).get(3);
        xor(first, fourth + MAGIC_OFFSET, 0x04);

        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, CONFIG);
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> readAll(log));
            assertEquals(CorruptRecordException.Reason.BAD_MAGIC, e.reason());
            assertEquals(fourth, e.position());
            assertEquals(first.toString(), e.source());
        }
    }

    /** Follower appends accept any epoch order (Kafka's too): a damaged epoch is served as it is, and no record changes. */
    @Test
    void shouldServeTheSameRecordsWhenOnlyALeaderEpochIsDamaged() throws IOException {
        List<String> written = writeThreeSegments();
        Path last = segmentLog(readBases().get(readBases().size() - 1));
        List<Integer> batches = positions(last);
        xor(last, batches.get(batches.size() - 1) + PARTITION_LEADER_EPOCH_OFFSET + 3, 0x02); // epoch 2 -> 0

        try (SegmentedLogEngine engine = open()) {
            assertEquals(written, readAll(engine.open(TP, CONFIG)));
        }
    }

    @Test
    void shouldCutTheOverlappingPairWhenRecoveringAfterAnUncleanShutdown() throws IOException {
        List<String> written = writeThreeSegments();
        long activeBase = readBases().get(readBases().size() - 1);
        Path active = segmentLog(activeBase);
        List<Integer> batches = positions(active);
        assertTrue(batches.size() >= 2, "batches of the active segment: " + batches);
        xor(active, batches.get(0) + BASE_OFFSET_OFFSET + 7, 0x01); // raises the first batch's base by one
        Files.delete(new CleanShutdownMarker(dir).file());

        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, CONFIG);
            assertEquals(activeBase, log.logEndOffset(), "both overlapping batches go: either may be the damaged one");
            assertEquals(written.subList(0, (int) activeBase), readAll(log));
        }
    }

    @Test
    void shouldRecoverACleanLogWhoseLastBatchEndsPastTheRecoveryPoint() throws IOException {
        List<String> written = writeThreeSegments();
        Path active = segmentLog(readBases().get(readBases().size() - 1));
        List<Integer> batches = positions(active);
        xor(active, batches.get(batches.size() - 1) + BASE_OFFSET_OFFSET + 4, 0x10); // + 2^28: no batch after it to see

        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, CONFIG);
            assertEquals(140, log.logEndOffset(), "the damaged last batch is cut");
            assertEquals(written.subList(0, 140), readAll(log));
        }
    }

    /**
     * A time index entry that disagrees with the batch it names: either may be the damaged one (a base
     * offset lowered into a compaction gap disagrees with nothing else), so the segment is refused past
     * the batch, with file and position, rather than trusted either way.
     */
    @Test
    void shouldRefuseABatchItsTimeIndexEntryDisagreesWith() throws IOException {
        writeThreeSegments();
        Path timeIndex = LogFileName.of(0, LogFileType.TIME_INDEX).resolveIn(dir.resolve("events-0"));
        assertTrue(Files.size(timeIndex) / 12 >= 2);
        xor(timeIndex, 12 + 11, 0x30); // the second entry's relative offset, raised by 48

        try (SegmentedLogEngine engine = open()) {
            PartitionLog log = engine.open(TP, CONFIG);
            assertEquals(0, log.offsetForTimestamp(1000).offset(), "the batches before it still serve");
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> log.offsetForTimestamp(1149));
            assertEquals(segmentLog(0).toString(), e.source());
            assertTrue(e.getMessage().contains("time index entry 1"), e.getMessage());
        }
    }

    /** The records of one read from {@code offset}, as {@link SegmentedLogTest#readAll} shows them. */
    private static List<String> recordsOfOneRead(PartitionLog log, long offset) {
        List<String> out = new ArrayList<>();
        RecordBatchReader batches = new RecordBatchReader().reset(log.read(offset, 1 << 20, Long.MAX_VALUE).records().toBuffer());
        try (RecordReader records = new RecordReader()) {
            while (batches.next()) {
                records.open(batches.batch());
                while (records.next()) {
                    out.add(records.offset() + "=" + new String(records.value(), StandardCharsets.UTF_8).split("-x")[0]);
                }
            }
        }
        return out;
    }

    private List<Long> readBases() throws IOException {
        try (var files = Files.list(dir.resolve("events-0"))) {
            return files.map(path -> LogFileName.parse(path.getFileName().toString()))
                    .filter(name -> name.isPresent() && name.get().type() == LogFileType.LOG)
                    .map(name -> name.get().baseOffset()).sorted().toList();
        }
    }
}
