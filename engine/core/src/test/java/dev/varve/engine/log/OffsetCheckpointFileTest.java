package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.api.TopicPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offset checkpoint format, with Kafka 4.4's {@code OffsetCheckpointFile} as the oracle both
 * ways. A failing property prints its seed; pin it with {@code .withFixedSeed(seed)} after {@code qt()}.
 */
class OffsetCheckpointFileTest {
    private static final int EXAMPLES = Integer.getInteger("varve.property.examples", 200);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(OffsetCheckpointFile.RECOVERY_POINT);
    }

    private void writeText(String text) {
        try {
            Files.writeString(file(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<TopicPartition, Long> offsets(List<Long> values) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            offsets.put(new TopicPartition("topic-" + (i % 7) + (i % 3 == 0 ? ".a_b" : ""), i), values.get(i));
        }
        return offsets;
    }

    @Test
    void shouldWriteKafkasTextFormat() throws IOException {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(new TopicPartition("orders", 0), 1042L);
        offsets.put(new TopicPartition("orders", 1), 987L);
        new OffsetCheckpointFile(file()).write(offsets);
        assertEquals("0\n2\norders 0 1042\norders 1 987\n", Files.readString(file()));
        assertEquals(offsets, new OffsetCheckpointFile(file()).read());
        assertFalse(Files.exists(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT + ".tmp")));
    }

    @Test
    void shouldReplaceThePreviousCheckpointWhole() {
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file());
        checkpoint.write(offsets(List.of(1L, 2L, 3L)));
        checkpoint.write(offsets(List.of(9L)));
        assertEquals(offsets(List.of(9L)), checkpoint.read());
    }

    @Test
    void shouldReadAMissingOrEmptyFileAsNoEntriesAsKafkaDoes() {
        assertEquals(Map.of(), new OffsetCheckpointFile(file()).read());
        writeText("");
        assertEquals(Map.of(), new OffsetCheckpointFile(file()).read());
        writeText("0\n0\n");
        assertEquals(Map.of(), new OffsetCheckpointFile(file()).read());
    }

    private CorruptCheckpointException corrupt(String text) {
        writeText(text);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> new OffsetCheckpointFile(file()).read());
        assertEquals(file().toString(), e.file());
        return e;
    }

    @Test
    void shouldNameFileAndLineOfATruncatedCheckpoint() {
        assertEquals(4, corrupt("0\n3\nt 0 5\n").line()); // two entry lines missing
        assertEquals(4, corrupt("0\n2\nt 0 5\n").line());
        assertEquals(2, corrupt("0\n").line()); // the count line is missing (Kafka reads this as empty)
        assertEquals(3, corrupt("0\n2\nt 0").line()); // torn inside an entry
    }

    @Test
    void shouldNameTheLineOfAMalformedCheckpoint() {
        assertEquals(1, corrupt("1\n0\n").line());
        assertEquals(1, corrupt("x\n0\n").line());
        assertEquals(2, corrupt("0\n-1\n").line());
        assertEquals(3, corrupt("0\n1\nt zero 5\n").line());
        assertEquals(3, corrupt("0\n1\nt 0 5 6\n").line());
        assertEquals(3, corrupt("0\n1\nbad/topic 0 5\n").line());
        assertEquals(4, corrupt("0\n1\nt 0 5\nt 1 6\n").line()); // more lines than the count
        assertEquals(56, corrupt("0\n1\nt 0 x\n").kafkaErrorCode());
    }

    /** Issue 11: these read as I/O errors (MalformedInputException) or as other values before. */
    @Test
    void shouldNameFileAndLineOfAnyByteNoCheckpointWriterWrites() {
        assertEquals(3, corruptBytes("0\n1\nt\u00ff 0 5\n".getBytes(StandardCharsets.ISO_8859_1)).line()); // not UTF-8
        assertEquals(3, corruptBytes(new byte[] {'0', '\n', '1', '\n', 't', ' ', '0', ' ', '5', 0, '\n'}).line()); // NUL
        assertEquals(2, corrupt("0\n1\r\nt 0 5\n").line());
        assertEquals(3, corrupt("0\n1\nt\t0 5\n").line());
        assertEquals(3, corrupt("0\n1\nt  0 5\n").line());
        assertEquals(3, corrupt("0\n1\nt 0 -5\n").line()); // no offset is negative
        assertEquals(3, corrupt("0\n1\nt 0 +5\n").line());
        assertEquals(3, corrupt("0\n1\nt 0 9223372036854775808\n").line()); // overflows a long
        assertEquals(3, corrupt("0\n1\nt 2147483648 5\n").line()); // overflows an int
        assertEquals(2, corrupt("0\n99999999999\n").line());
        assertEquals(3, corrupt("0\n1\nt 0 5").line()); // truncated: the last line lost its line feed
    }

    /**
     * Every value of every byte of a small checkpoint reads as entries or as a corrupt checkpoint,
     * never as another exception (an I/O error would take the whole data directory down).
     */
    @Test
    void shouldReadEverySingleByteCorruptionAsEntriesOrAsCorrupt() throws IOException {
        byte[] good = "0\n2\norders 0 1042\nlogs.v2 13 987\n".getBytes(StandardCharsets.US_ASCII);
        int corrupt = 0;
        for (int position = 0; position < good.length; position++) {
            for (int value = 0; value < 256; value++) {
                byte[] bytes = good.clone();
                bytes[position] = (byte) value;
                Files.write(file(), bytes);
                try {
                    new OffsetCheckpointFile(file()).read();
                } catch (CorruptCheckpointException e) {
                    corrupt++;
                    assertEquals(file().toString(), e.file(), "position=" + position + ", value=" + value);
                }
            }
        }
        assertTrue(corrupt > good.length * 200, "most flips are refused: corrupt=" + corrupt);
    }

    private CorruptCheckpointException corruptBytes(byte[] bytes) {
        try {
            Files.write(file(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return assertThrows(CorruptCheckpointException.class, () -> new OffsetCheckpointFile(file()).read());
    }

    @Test
    void shouldKeepTheLastOffsetOfAPartitionListedTwiceAsKafkaDoes() {
        writeText("0\n2\nt 0 5\nt 0 7\n");
        assertEquals(Map.of(new TopicPartition("t", 0), 7L), new OffsetCheckpointFile(file()).read());
    }

    @Test
    void kafkaShouldReadWhatWeWriteAndWeWhatKafkaWrites() {
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(longs().between(0, Long.MAX_VALUE)).ofSizeBetween(0, 50), integers().between(0, 1))
                .checkAssert((values, direction) -> {
                    try {
                        Path file = Files.createTempFile(dir, "checkpoint", "");
                        Map<TopicPartition, Long> offsets = offsets(values);
                        var kafka = new org.apache.kafka.storage.internals.checkpoint.OffsetCheckpointFile(
                                file.toFile(), new LogDirFailureChannel(1));
                        if (direction == 0) {
                            new OffsetCheckpointFile(file).write(offsets);
                            assertEquals(kafkaForm(offsets), kafka.read());
                        } else {
                            kafka.write(kafkaForm(offsets));
                            assertEquals(offsets, new OffsetCheckpointFile(file).read());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void kafkaShouldReadOurEmptyCheckpointAndWeKafkasEmptyFile() throws IOException {
        new OffsetCheckpointFile(file()).write(Map.of());
        var kafka = new org.apache.kafka.storage.internals.checkpoint.OffsetCheckpointFile(file().toFile(), new LogDirFailureChannel(1));
        assertEquals(Map.of(), kafka.read());
        Path fresh = dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET);
        new org.apache.kafka.storage.internals.checkpoint.OffsetCheckpointFile(fresh.toFile(), new LogDirFailureChannel(1)); // creates it empty
        assertEquals(Map.of(), new OffsetCheckpointFile(fresh).read());
    }

    private static Map<org.apache.kafka.common.TopicPartition, Long> kafkaForm(Map<TopicPartition, Long> offsets) {
        Map<org.apache.kafka.common.TopicPartition, Long> kafka = new HashMap<>();
        offsets.forEach((tp, offset) -> kafka.put(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()), offset));
        return kafka;
    }
}
