package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.fault.LogCapture;
import dev.varve.engine.fault.Faults;
import dev.varve.engine.fault.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the twin {@code <checkpoint>.varve} that makes every single-byte change of an offset
 * checkpoint detected (the twin's copy is used, with a warning) or harmless, a crash between the twin's
 * and the checkpoint's writes safe in either order, and a checkpoint Kafka wrote after Varve trusted.
 */
class CheckpointSidecarTest {
    private static final TopicPartition A = new TopicPartition("orders", 0);
    private static final TopicPartition B = new TopicPartition("orders", 1);

    @TempDir
    Path dir;
    private LogCapture log;

    @BeforeEach
    void listen() {
        log = LogCapture.of(OffsetCheckpointFile.class);
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    private Path file() {
        return dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET);
    }

    private Path twin() {
        return dir.resolve(OffsetCheckpointFile.LOG_START_OFFSET + ".varve");
    }

    private static Map<TopicPartition, Long> offsets(long a, long b) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(A, a);
        offsets.put(B, b);
        return offsets;
    }

    private static void set(Path path, int position, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        bytes[position] = (byte) value;
        Files.write(path, bytes);
    }

    @Test
    void shouldTrustACheckpointItsTwinVouchesFor() throws IOException {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        assertEquals("0\n2\norders 0 5000\norders 1 7\n", Files.readString(file()));
        assertTrue(Files.exists(twin()));
        assertEquals(offsets(5000, 7), new OffsetCheckpointFile(file()).read());
        assertEquals(List.of(), log.warnings());
    }

    @Test
    void shouldUseTheTwinsCopyWhenADigitOfTheCheckpointChanged() throws IOException {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        set(file(), "0\n2\norders 0 ".length(), '9');
        assertEquals(offsets(5000, 7), new OffsetCheckpointFile(file()).read());
        assertEquals(List.of("damaged checkpoint " + file() + ", using the copy Varve wrote in " + twin()
                + ": one byte differs from the content Varve wrote: position=13"), log.warnings());
    }

    @Test
    void shouldUseTheTwinsCopyWhenTheCheckpointNoLongerParses() throws IOException {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        set(file(), 2, 'x');
        assertEquals(offsets(5000, 7), new OffsetCheckpointFile(file()).read());
        assertEquals(1, log.warnings().size());
        assertTrue(log.warnings().get(0).contains("line=2, malformed entry count"), log.warnings().get(0));
    }

    @Test
    void shouldTrustTheCheckpointWhenEveryByteOfTheTwinIsDamaged() throws IOException {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        int size = (int) Files.size(twin());
        for (int position = 0; position < size; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] pristine = Files.readAllBytes(twin());
                set(twin(), position, pristine[position] ^ (1 << bit));
                assertEquals(offsets(5000, 7), new OffsetCheckpointFile(file()).read(), "position=" + position + ", bit=" + bit);
                Files.write(twin(), pristine);
            }
        }
        assertEquals(size * 8, log.warnings().size());
        assertTrue(log.warnings().get(0).startsWith("ignoring a damaged checkpoint twin, trusting " + file()), log.warnings().get(0));
    }

    @Test
    void shouldRefuseWhenBothAreDamagedAndTheCheckpointNoLongerParses() throws IOException {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        set(twin(), 0, 'x');
        set(file(), 2, 'x');
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> new OffsetCheckpointFile(file()).read());
        assertEquals(file().toString(), e.file());
    }

    @Test
    void shouldReadAMissingCheckpointAsNoEntriesWhateverItsTwinSays() throws IOException {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        Files.delete(file());
        assertEquals(Map.of(), new OffsetCheckpointFile(file()).read());
    }

    /** The checkpoint's rename fails after the twin was replaced: the checkpoint holds the previous content. */
    @Test
    void shouldTrustThePreviousCheckpointWhenItsWriteFailedAfterTheTwins() {
        shouldKeepThePreviousOffsetsWhenTheRenameOf(OffsetCheckpointFile.LOG_START_OFFSET + ".tmp");
    }

    /** The twin's rename fails: the checkpoint is not written at all. */
    @Test
    void shouldTrustThePreviousCheckpointWhenTheTwinsWriteFailed() {
        shouldKeepThePreviousOffsetsWhenTheRenameOf(OffsetCheckpointFile.LOG_START_OFFSET + ".varve.tmp");
    }

    private void shouldKeepThePreviousOffsetsWhenTheRenameOf(String temp) {
        Faults faults = new Faults();
        Path file = FaultyFileSystem.with(faults).wrap(dir).resolve(OffsetCheckpointFile.LOG_START_OFFSET);
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file);
        checkpoint.write(offsets(5000, 7));
        Predicate<Path> named = path -> path.getFileName().toString().equals(temp);
        // Twice: the second write must still vouch for what the checkpoint holds, not for what the failed one tried.
        for (long[] next : new long[][] {{5001, 8}, {6000, 9}}) {
            faults.arm(Faults.Op.MOVE, named, 1, Faults.Kind.EIO, false);
            assertThrows(LogStorageException.class, () -> checkpoint.write(offsets(next[0], next[1])));
            faults.disarm();
            assertEquals(offsets(5000, 7), new OffsetCheckpointFile(file()).read(), temp);
        }
        assertEquals(List.of(), log.warnings());
        checkpoint.write(offsets(6001, 10));
        assertEquals(offsets(6001, 10), new OffsetCheckpointFile(file()).read());
        assertEquals(List.of(), log.warnings());
    }

    /**
     * Kafka rewrote the checkpoint after Varve (the twin is stale): Kafka's whole file is trusted, as
     * before the twin existed; and the next Varve write vouches for it until its own checkpoint lands.
     */
    @Test
    void shouldTrustACheckpointKafkaWroteAfterVarve() {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        kafkaWrites(Map.of(A, 0L, B, 12L, new TopicPartition("fresh", 3), 40L));
        Map<TopicPartition, Long> kafkas = Map.of(A, 0L, B, 12L, new TopicPartition("fresh", 3), 40L);
        assertEquals(kafkas, new OffsetCheckpointFile(file()).read());
        assertEquals(List.of(), log.warnings());
    }

    /**
     * A Kafka write that differs from the stale twin's copy in one byte only cannot be told from a damaged
     * byte: the twin's copy is used. Kafka only moves a log start up, so the twin's is the lower one: it may
     * show records Kafka deleted, never hide one (the exception, a partition Kafka deleted and recreated at 0
     * whose log start was a single digit, is in {@code OffsetCheckpointFile}'s javadoc).
     */
    @Test
    void shouldUseTheStaleTwinWhenKafkasWriteDiffersInOneByte() {
        new OffsetCheckpointFile(file()).write(offsets(5000, 7));
        kafkaWrites(offsets(6000, 7));
        assertEquals(offsets(5000, 7), new OffsetCheckpointFile(file()).read());
        assertEquals(1, log.warnings().size());
    }

    private void kafkaWrites(Map<TopicPartition, Long> offsets) {
        Map<org.apache.kafka.common.TopicPartition, Long> kafka = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> kafka.put(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()), offset));
        try {
            new org.apache.kafka.storage.internals.checkpoint.OffsetCheckpointFile(file().toFile(), new LogDirFailureChannel(1))
                    .write(kafka);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
