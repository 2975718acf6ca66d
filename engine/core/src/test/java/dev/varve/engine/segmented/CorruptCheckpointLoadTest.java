package dev.varve.engine.segmented;

import static dev.varve.engine.segmented.SegmentedLogTest.batch;
import static dev.varve.engine.segmented.SegmentedLogTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.OffsetCheckpointFile;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: a damaged {@code recovery-point-offset-checkpoint} or {@code log-start-offset-checkpoint}
 * reads as its Varve twin's copy ({@code <checkpoint>.varve}) or, without a valid twin, as a missing one
 * (every partition recovered from its start, the log start taken from the segments), after a clean close and
 * after a crash alike; never a data directory that will not open, never a record lost.
 */
class CorruptCheckpointLoadTest {
    private static final TopicPartition A = new TopicPartition("a", 0);
    private static final TopicPartition B = new TopicPartition("b.b", 2);
    private static final LogConfig SMALL = LogConfig.of(Map.of("segment.bytes", "2048", "index.interval.bytes", "256"));

    @TempDir
    Path dir;

    private SegmentedLogEngine open() {
        return SegmentedLogEngine.open(new EngineContext(dir, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC)));
    }

    /** Writes two partitions, closes cleanly (or halts), damages {@code file}, reopens and reads everything. */
    private void shouldReadEverythingAfter(String file, boolean clean, boolean twin, UnaryOperator<byte[]> damage) throws IOException {
        try (SegmentedLogEngine first = open()) { // the checkpoints exist from here on
            append(first.open(A, SMALL), first.open(B, SMALL), 0);
        }
        SegmentedLogEngine engine = open();
        PartitionLog logA = engine.open(A, SMALL);
        PartitionLog logB = engine.open(B, SMALL);
        append(logA, logB, 15);
        logA.flush();
        logB.flush();
        List<String> a = readAll(logA);
        List<String> b = readAll(logB);
        if (clean) {
            engine.close();
        } else {
            engine.halt();
        }
        Path path = dir.resolve(file);
        Files.write(path, damage.apply(Files.readAllBytes(path)));
        if (!twin) {
            Files.delete(dir.resolve(file + ".varve"));
        }
        try (SegmentedLogEngine reopened = open()) {
            assertEquals(a, readAll(reopened.open(A, SMALL)), file + " clean=" + clean);
            assertEquals(b, readAll(reopened.open(B, SMALL)), file + " clean=" + clean);
            assertEquals(90, reopened.open(A, SMALL).logEndOffset());
        }
    }

    private static void append(PartitionLog logA, PartitionLog logB, int from) {
        for (int i = from; i < from + 15; i++) {
            logA.append(batch(3, 100 + i, "a" + i));
            logB.append(batch(2, 100 + i, "b" + i));
        }
    }

    private void shouldReadEverythingAfterEither(UnaryOperator<byte[]> damage) throws IOException {
        for (String file : List.of(OffsetCheckpointFile.RECOVERY_POINT, OffsetCheckpointFile.LOG_START_OFFSET)) {
            for (boolean clean : new boolean[] {true, false}) {
                for (boolean twin : new boolean[] {true, false}) {
                    shouldReadEverythingAfter(file, clean, twin, damage);
                    Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void shouldReadEverythingWhenACheckpointHoldsInvalidUtf8() throws IOException {
        shouldReadEverythingAfterEither(bytes -> set(bytes, 4, 0xFF));
    }

    /** Without a valid twin (Kafka's own data directory, or the twin damaged too). */
    @Test
    void shouldWarnNamingFileLineAndConsequence() throws IOException {
        List<String> warnings = new java.util.ArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(LogDirCheckpoints.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            shouldReadEverythingAfter(OffsetCheckpointFile.LOG_START_OFFSET, true, false, bytes -> set(bytes, 6, 0xC3));
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(List.of("ignoring a corrupt checkpoint, every log starts at its first segment: corrupt checkpoint: file="
                + dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET) + ", line=3, not a checkpoint character: position=6, byte=0xc3"),
                warnings);
    }

    @Test
    void shouldReadEverythingWhenACheckpointHoldsANul() throws IOException {
        shouldReadEverythingAfterEither(bytes -> set(bytes, bytes.length - 3, 0));
    }

    @Test
    void shouldReadEverythingWhenACheckpointLostItsLastLineFeed() throws IOException {
        shouldReadEverythingAfterEither(bytes -> java.util.Arrays.copyOf(bytes, bytes.length - 1));
    }

    @Test
    void shouldReadEverythingWhenACheckpointCountsWrong() throws IOException {
        shouldReadEverythingAfterEither(bytes -> set(bytes, 2, '7'));
    }

    /** A clean close never leaves a log start past the log end: such a value is a damaged checkpoint. */
    @Test
    void shouldKeepEverySegmentWhenTheLogStartCheckpointIsPastTheEndAfterACleanClose() throws IOException {
        shouldReadEverythingAfter(OffsetCheckpointFile.LOG_START_OFFSET, true, true,
                bytes -> "0\n2\na 0 9000\nb.b 2 777\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] set(byte[] bytes, int position, int value) {
        bytes[position] = (byte) value;
        return bytes;
    }
}
