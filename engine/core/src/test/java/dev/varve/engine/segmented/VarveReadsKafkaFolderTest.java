package dev.varve.engine.segmented;

import static dev.varve.engine.segmented.KafkaOracle.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TimestampOffset;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.server.storage.log.FetchIsolation;
import org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler;
import org.apache.kafka.storage.internals.checkpoint.OffsetCheckpointFile;
import org.apache.kafka.storage.internals.log.LogDirFailureChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka to Varve: a partition folder written by Kafka 4.4's {@code UnifiedLog.appendAsLeader} (random
 * batches of every codec built by Kafka's {@code MemoryRecordsBuilder}, small segments, explicit rolls)
 * and closed by Kafka is one {@link SegmentedLogEngine} opens with the same log start and end, reads
 * record for record, answers {@code offsetForTimestamp} as Kafka's {@code fetchOffsetByTimestamp}
 * does, and appends to at Kafka's log end; Kafka then reopens the folder and reads our appends too.
 * Both ways of finding the folder are covered: with Kafka's own {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} and {@code .kafka_cleanshutdown} in the data directory (written
 * with Kafka's classes: a clean open, no scan), and with none of them (a full recovery).
 *
 * <p>A Kafka 4.4 folder differs from ours in ways we accept: the active segment's indexes keep their
 * preallocated size after {@code close()} and lack the final time entry; Kafka adds
 * {@code leader-epoch-checkpoint} and {@code .snapshot} files, which we leave alone.
 *
 * <p>A crashed Kafka (the log abandoned without {@code close()}, its active segment possibly cut
 * mid-batch) recovers in ours to exactly the batches wholly on disk, as Kafka's own
 * {@code FileRecords} iteration sees them.
 *
 * <p>A failure prints QuickTheories' seed and the example's seed; pin it with
 * {@code .withFixedSeed(seed)} after {@code qt()} or call the check method with the example.
 */
class VarveReadsKafkaFolderTest {
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final int EXAMPLES = Math.max(2, Integer.getInteger("varve.property.examples", 200) / 10);

    @TempDir
    Path dir;

    private static SegmentedLogEngine engine(Path dataDir) {
        return SegmentedLogEngine.open(new EngineContext(dataDir, Clock.fixed(Instant.ofEpochMilli(KafkaOracle.NOW_MS), ZoneOffset.UTC)));
    }

    /** A folder Kafka wrote, what went in, and Kafka's answers to timestamp lookups. */
    record KafkaWritten(Path dataDir, KafkaOracle.Knobs knobs, List<KafkaOracle.Batch> batches, long logEnd,
            Map<Long, Optional<TimestampOffset>> timestampAnswers, KafkaOracle.KafkaLog abandoned) {
        Path folder() {
            return dataDir.resolve(TOPIC + "-0");
        }
    }

    /** Appends a random workload with Kafka's leader path; closes the log unless {@code crash}. */
    static KafkaWritten writeWithKafka(Path dataDir, SplittableRandom random, boolean crash) {
        KafkaOracle.Knobs knobs = KafkaOracle.Knobs.random(random);
        List<KafkaOracle.Batch> batches = KafkaOracle.randomBatches(random, 20 + random.nextInt(80));
        KafkaOracle.KafkaLog kafka = KafkaOracle.KafkaLog.open(dataDir.resolve(TOPIC + "-0"), knobs, 0, 0, true);
        try {
            for (KafkaOracle.Batch batch : batches) {
                if (random.nextInt(15) == 0) {
                    kafka.log.roll();
                }
                kafka.log.appendAsLeader(KafkaOracle.kafkaBatch(batch), 0);
            }
            Map<Long, Optional<TimestampOffset>> answers = new LinkedHashMap<>();
            for (KafkaOracle.Batch batch : batches) {
                for (KafkaOracle.Rec rec : batch.records()) {
                    long target = rec.timestamp() + random.nextInt(-1, 2);
                    if (random.nextInt(8) == 0 && target >= 0
                            && !KafkaReadsVarveFolderTest.kafkaStopsAtSegmentWithoutTimestamps(kafka, target)) {
                        answers.put(target, KafkaReadsVarveFolderTest.kafkaOffsetForTimestamp(kafka, target));
                    }
                }
            }
            long logEnd = kafka.log.logEndOffset();
            if (crash) {
                kafka.abandon();
                return new KafkaWritten(dataDir, knobs, batches, logEnd, answers, kafka);
            }
            kafka.close();
            return new KafkaWritten(dataDir, knobs, batches, logEnd, answers, null);
        } catch (IOException e) {
            kafka.abandon();
            throw new UncheckedIOException(e);
        }
    }

    /** What Kafka's {@code LogManager} leaves in the data directory after a controlled shutdown. */
    private static void writeKafkaShutdownFiles(Path dataDir, long logEnd) throws Exception {
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(TOPIC, 0);
        LogDirFailureChannel failures = new LogDirFailureChannel(1);
        new OffsetCheckpointFile(dataDir.resolve("recovery-point-offset-checkpoint").toFile(), failures).write(Map.of(tp, logEnd));
        new OffsetCheckpointFile(dataDir.resolve("log-start-offset-checkpoint").toFile(), failures).write(Map.of(tp, 0L));
        new CleanShutdownFileHandler(dataDir.toString()).write(7);
    }

    @Test
    void shouldReadAndContinueEveryKafkaFolderAfterACleanOrUncheckpointedShutdown() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(this::checkKafkaFolder);
    }

    void checkKafkaFolder(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean withShutdownFiles = random.nextBoolean();
        Path dataDir = exampleDir();
        KafkaWritten written = writeWithKafka(dataDir, random, false);
        try {
            if (withShutdownFiles) {
                writeKafkaShutdownFiles(dataDir, written.logEnd());
            }
            List<KafkaOracle.Batch> more = KafkaOracle.randomBatches(random, 1 + random.nextInt(10));
            try (SegmentedLogEngine engine = engine(dataDir)) {
                assertEquals(withShutdownFiles, engine.wasCleanShutdown());
                PartitionLog log = engine.open(TP, written.knobs().varve());
                assertEquals(0, log.logStartOffset());
                assertEquals(written.logEnd(), log.logEndOffset());
                assertEquals(KafkaOracle.expected(written.batches(), 0), KafkaOracle.readAll(log, 1 + random.nextInt(20_000)));
                for (Map.Entry<Long, Optional<TimestampOffset>> answer : written.timestampAnswers().entrySet()) {
                    assertEquals(answer.getValue(), Optional.ofNullable(log.offsetForTimestamp(answer.getKey())),
                            "offsetForTimestamp(" + answer.getKey() + ")");
                }
                for (KafkaOracle.Batch batch : more) {
                    long before = log.logEndOffset();
                    assertEquals(before, log.append(KafkaOracle.varveBatch(batch)).firstOffset(), "appends continue at Kafka's log end");
                }
            }
            List<KafkaOracle.Batch> all = new ArrayList<>(written.batches());
            all.addAll(more);
            List<String> expected = KafkaOracle.expected(all, 0);
            try (KafkaOracle.KafkaLog kafka = KafkaOracle.KafkaLog.open(written.folder(), written.knobs(), 0, expected.size(), true)) {
                assertEquals(expected.size(), kafka.log.logEndOffset(), "Kafka reopens the folder after our appends");
                List<String> got = new ArrayList<>();
                for (long offset = 0; offset < kafka.log.logEndOffset(); ) {
                    List<String> part = KafkaOracle.kafkaRecords(kafka.log.read(offset, 64 * 1024, FetchIsolation.LOG_END, true).records, offset);
                    got.addAll(part);
                    offset += part.size();
                }
                assertEquals(expected, got);
            }
        } catch (Exception e) {
            throw new AssertionError("example seed=" + seed + " (" + written.knobs() + ", shutdown files: " + withShutdownFiles + "): " + e, e);
        } catch (AssertionError e) {
            throw new AssertionError("example seed=" + seed + " (" + written.knobs() + ", shutdown files: " + withShutdownFiles + "): " + e.getMessage(), e);
        }
    }

    @Test
    void shouldRecoverACrashedKafkaFolderToTheBatchesWhollyOnDisk() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(this::checkCrashedKafkaFolder);
    }

    void checkCrashedKafkaFolder(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Path dataDir = exampleDir();
        KafkaWritten written = writeWithKafka(dataDir, random, true);
        try {
            Path active = lastLogFile(written.folder());
            long size = Files.size(active);
            boolean cut = random.nextBoolean() && size > 0;
            if (cut) {
                try (RandomAccessFile file = new RandomAccessFile(active.toFile(), "rw")) {
                    file.setLength(random.nextLong(size));
                }
            }
            long survivingEnd = written.logEnd();
            if (cut) {
                survivingEnd = Long.parseLong(active.getFileName().toString().replace(".log", ""));
                try (FileRecords records = FileRecords.open(active.toFile(), false)) {
                    for (RecordBatch batch : records.batches()) {
                        survivingEnd = batch.lastOffset() + 1;
                    }
                }
            }
            try (SegmentedLogEngine engine = engine(dataDir)) {
                assertTrue(!engine.wasCleanShutdown());
                PartitionLog log = engine.open(TP, written.knobs().varve());
                assertEquals(survivingEnd, log.logEndOffset(), "log end after recovery (cut=" + cut + ")");
                assertEquals(KafkaOracle.expected(written.batches(), 0).subList(0, (int) survivingEnd), KafkaOracle.readAll(log, 20_000));
                assertEquals(survivingEnd, log.append(KafkaOracle.varveBatch(written.batches().get(0))).firstOffset());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AssertionError e) {
            throw new AssertionError("example seed=" + seed + " (" + written.knobs() + "): " + e.getMessage(), e);
        }
    }

    private static Path lastLogFile(Path folder) {
        List<String> logs = KafkaOracle.fileNames(folder).stream().filter(n -> n.endsWith(".log")).toList();
        return folder.resolve(logs.get(logs.size() - 1));
    }

    private Path exampleDir() {
        try {
            return Files.createTempDirectory(dir, "example");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
