package dev.varve.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.CorruptCheckpointException;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.spi.EngineContext;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka's leader-epoch-checkpoint format, both ways against Kafka 4.4's own reader and writer. */
class LeaderEpochCheckpointFileTest {
    @TempDir
    Path directory;

    @Test
    void shouldWriteKafkasTextFormat() throws IOException {
        new LeaderEpochCheckpointFile(directory).write(List.of(new EpochEntry(0, 0), new EpochEntry(3, 1042)));
        assertEquals("0\n2\n0 0\n3 1042\n", Files.readString(directory.resolve("leader-epoch-checkpoint")));
    }

    @Test
    void shouldBeReadByKafkaAndReadKafkas() throws IOException {
        LeaderEpochCheckpointFile ours = new LeaderEpochCheckpointFile(directory);
        ours.write(List.of(new EpochEntry(1, 0), new EpochEntry(4, 77)));
        var kafka = new org.apache.kafka.storage.internals.checkpoint.LeaderEpochCheckpointFile(ours.file().toFile(),
                new LogDirFailureChannel(1));
        assertEquals(List.of(new org.apache.kafka.storage.internals.log.EpochEntry(1, 0),
                new org.apache.kafka.storage.internals.log.EpochEntry(4, 77)), kafka.read());
        kafka.write(List.of(new org.apache.kafka.storage.internals.log.EpochEntry(2, 5),
                new org.apache.kafka.storage.internals.log.EpochEntry(9, 1 << 20)));
        assertEquals(List.of(new EpochEntry(2, 5), new EpochEntry(9, 1 << 20)), ours.read());
    }

    @Test
    void shouldReadAMissingFileAsEmptyAndNameTheLineOfACorruptOne() throws IOException {
        LeaderEpochCheckpointFile file = new LeaderEpochCheckpointFile(directory);
        assertEquals(List.of(), file.read());
        Files.writeString(file.file(), "0\n2\n0 0\n3 x\n", StandardCharsets.UTF_8);
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, file::read);
        assertEquals(4, e.line());
        Files.writeString(file.file(), "0\n3\n0 0\n", StandardCharsets.UTF_8);
        assertThrows(CorruptCheckpointException.class, file::read);
    }

    @Test
    void shouldKeepTheCacheAcrossARestart() {
        LeaderEpochCache cache = new LeaderEpochCache(new LeaderEpochCheckpointFile(directory));
        cache.assign(0, 0);
        cache.assign(2, 40);
        LeaderEpochCache reopened = new LeaderEpochCache(new LeaderEpochCheckpointFile(directory));
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(2, 40)), reopened.entries());
    }

    /**
     * Issue 11: a byte no checkpoint holds (here invalid UTF-8), or entries the batches contradict, make
     * the cache rebuild the epochs from the batches, each epoch starting at its first batch, and write them
     * back; the log stays served.
     */
    @Test
    void shouldRebuildTheEpochsFromTheBatchesWhenTheCheckpointIsCorrupt() throws IOException {
        Path engineDirectory = directory.resolve("engine");
        try (MemoryLogEngine engine = MemoryLogEngine.open(new EngineContext(engineDirectory, Clock.systemUTC()))) {
            PartitionLog log = engine.open(new TopicPartition("t", 0), LogConfig.defaults());
            int[] epochs = {0, 0, 3, 3, 5};
            for (int epoch : epochs) {
                log.appendAsLeader(batch(), epoch);
            }
            LeaderEpochCheckpointFile file = new LeaderEpochCheckpointFile(directory);
            file.write(List.of(new EpochEntry(0, 0), new EpochEntry(3, 2), new EpochEntry(5, 4)));
            byte[] bytes = Files.readAllBytes(file.file());
            bytes[bytes.length - 2] = (byte) 0xC3; // the last digit becomes half a UTF-8 sequence
            Files.write(file.file(), bytes);
            List<EpochEntry> expected = List.of(new EpochEntry(0, 0), new EpochEntry(3, 2), new EpochEntry(5, 4));
            assertEquals(expected, LeaderEpochCache.readOrRebuild(file, log).entries());
            assertEquals(expected, file.read(), "written back");
            // Kafka's file has no checksum: changed digits that still parse are caught against the batches
            for (String text : List.of("0\n3\n0 0\n3 3\n5 4\n", "0\n3\n0 0\n3 2\n5 3\n", "0\n3\n0 0\n2 2\n5 4\n",
                    "0\n3\n0 0\n3 2\n4 4\n", "0\n3\n1 0\n3 2\n5 4\n", "0\n3\n0 0\n3 2\n3 4\n")) {
                Files.writeString(file.file(), text);
                assertEquals(expected, LeaderEpochCache.readOrRebuild(file, log).entries(), text);
            }
        } finally {
            MemoryLogEngine.discard(engineDirectory);
        }
    }

    private static ByteBuffer batch() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.append(0, null, new byte[] {1});
            ByteBuffer batch = builder.build();
            return ByteBuffer.allocate(batch.remaining()).put(batch).flip();
        }
    }
}
