package dev.varve.engine.segmented;

import static dev.varve.engine.segmented.KafkaOracle.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka 4.4's recovery as the oracle for ours: a folder written by {@link SegmentedLogEngine} is
 * copied twice and one segment (usually the active one, sometimes an earlier one) is damaged the same
 * way in both copies: cut mid-batch, one byte flipped in its last batch's CRC-covered bytes or its CRC,
 * or 30 zero bytes appended. Kafka recovers one copy ({@code UnifiedLog.create} with
 * {@code lastShutdownClean=false}, recovery point 0) and ours the other (no clean-shutdown marker, no
 * checkpoint: recover everything). Both must end at the same log end offset with the same surviving
 * {@code .log} files, byte for byte (segments after a damaged one are dropped by both), the same
 * rebuilt indexes for every segment but the active one, and ours must read back exactly the records of
 * that prefix.
 *
 * <p>Not covered, on purpose: damage to the base offset or partition leader epoch fields, which the
 * CRC does not cover. There Kafka's recovery takes other paths (an offset overflow splits the segment;
 * an offset going backwards truncates the segment to its base), while ours truncates at the batch.
 *
 * <p>A failure prints QuickTheories' seed and the example's seed; pin it with
 * {@code .withFixedSeed(seed)} after {@code qt()} or call {@link #checkRecovery(long)} with the example.
 */
class RecoveryKafkaOracleTest {
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final int EXAMPLES = Math.max(3, Integer.getInteger("varve.property.examples", 200) / 10);

    enum Damage { CUT_MID_BATCH, FLIP_BYTE_IN_LAST_BATCH, APPEND_30_ZEROS }

    @TempDir
    Path dir;

    @Test
    void shouldRecoverEveryDamagedFolderToTheSamePrefixAsKafka() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(this::checkRecovery);
    }

    @Test
    void shouldRecoverEachKindOfDamageToTheActiveSegmentAsKafkaDoes() {
        for (long seed = 0; seed < 6; seed++) {
            checkRecovery(seed);
        }
    }

    void checkRecovery(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Path example = exampleDir();
        KafkaReadsVarveFolderTest.Written written = KafkaReadsVarveFolderTest.writeWithVarve(example.resolve("written"), random);
        Damage damage = Damage.values()[(int) Math.floorMod(seed, 3)];
        List<String> logs = KafkaOracle.fileNames(written.folder()).stream().filter(n -> n.endsWith(".log")).toList();
        String target = random.nextInt(4) == 0 ? logs.get(random.nextInt(logs.size())) : logs.get(logs.size() - 1);
        Path kafkaFolder = KafkaOracle.copyFolder(written.folder(), example.resolve("kafka").resolve(TOPIC + "-0"));
        Path varveData = example.resolve("varve");
        Path varveFolder = KafkaOracle.copyFolder(written.folder(), varveData.resolve(TOPIC + "-0"));
        String what = "example seed=" + seed + " (" + written.knobs() + "): " + damage + " in " + target + " of " + logs.size();
        try {
            damage(kafkaFolder.resolve(target), damage);
            damage(varveFolder.resolve(target), damage);
            assertArrayEquals(KafkaOracle.read(kafkaFolder.resolve(target)), KafkaOracle.read(varveFolder.resolve(target)));
            long kafkaEnd;
            try (KafkaOracle.KafkaLog kafka = KafkaOracle.KafkaLog.open(kafkaFolder, written.knobs(), 0, 0, false)) {
                kafkaEnd = kafka.log.logEndOffset();
            }
            long varveEnd;
            try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(varveData,
                    Clock.fixed(Instant.ofEpochMilli(KafkaOracle.NOW_MS), ZoneOffset.UTC)))) {
                assertFalse(engine.wasCleanShutdown());
                PartitionLog log = engine.open(TP, written.knobs().varve());
                varveEnd = log.logEndOffset();
                assertEquals(KafkaOracle.expected(written.batches(), 0).subList(0, (int) varveEnd), KafkaOracle.readAll(log, 20_000));
            }
            assertEquals(kafkaEnd, varveEnd, "log end after recovery");
            List<String> kafkaLogs = segmentFiles(kafkaFolder, ".log");
            assertEquals(kafkaLogs, segmentFiles(varveFolder, ".log"), "surviving segments");
            for (String name : kafkaLogs) {
                assertArrayEquals(KafkaOracle.read(kafkaFolder.resolve(name)), KafkaOracle.read(varveFolder.resolve(name)), name);
            }
            for (String name : kafkaLogs.subList(0, kafkaLogs.size() - 1)) {
                for (String index : List.of(".index", ".timeindex")) {
                    String file = name.replace(".log", index);
                    assertArrayEquals(KafkaOracle.read(kafkaFolder.resolve(file)), KafkaOracle.read(varveFolder.resolve(file)), file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    /** Damages {@code log}; the random choices depend only on the file, so both copies get the same damage. */
    private static void damage(Path log, Damage damage) throws IOException {
        List<long[]> batches = new ArrayList<>(); // {position, size}
        try (FileRecords records = FileRecords.open(log.toFile(), false)) {
            for (FileChannelRecordBatch batch : records.batches()) {
                batches.add(new long[] {batch.position(), batch.sizeInBytes()});
            }
        }
        long[] last = batches.get(batches.size() - 1);
        SplittableRandom random = new SplittableRandom(Files.size(log) * 31 + batches.size());
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            switch (damage) {
                case CUT_MID_BATCH -> {
                    long[] victim = batches.get(random.nextInt(batches.size()));
                    file.setLength(victim[0] + 1 + random.nextLong(victim[1] - 1));
                }
                case FLIP_BYTE_IN_LAST_BATCH -> {
                    long position = last[0] + 17 + random.nextLong(last[1] - 17); // from the CRC field on
                    file.seek(position);
                    int b = file.read();
                    file.seek(position);
                    file.write(b ^ (1 << random.nextInt(8)));
                }
                case APPEND_30_ZEROS -> file.setLength(file.length() + 30);
            }
        }
    }

    private static List<String> segmentFiles(Path folder, String suffix) {
        return KafkaOracle.fileNames(folder).stream().filter(n -> n.endsWith(suffix)).toList();
    }

    private Path exampleDir() {
        try {
            return Files.createTempDirectory(dir, "example");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
