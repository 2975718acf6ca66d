package dev.varve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.topic.TopicCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's "Done means", scaled to stay fast: create a topic of 3 partitions, pipe lines into produce
 * with zstd, consume from the beginning and see every line exactly once; and kill a producing JVM
 * with SIGKILL, then reopen: offsets contiguous, every CRC valid, every record readable.
 */
class DoneMeansTest {
    @TempDir
    Path dir;

    @Test
    void shouldConsumeEveryProducedLineExactlyOnce() {
        int lines = 100_000;
        StringBuilder input = new StringBuilder(lines * 7);
        for (int i = 1; i <= lines; i++) {
            input.append(i).append('\n');
        }
        String data = dir.toString();
        assertEquals(0, CliRun.run("--data", data, "topics", "create", "t", "--partitions", "3").exitCode());
        CliRun produced = CliRun.runWithInput(input.toString(), "--data", data, "produce", "t", "--compression", "zstd");
        assertEquals(0, produced.exitCode(), produced::toString);
        assertTrue(produced.outLines().get(0).startsWith("records: " + lines + ", "), produced::toString);

        CliRun consumed = CliRun.run("--data", data, "consume", "t", "--from-beginning");
        assertEquals(0, consumed.exitCode(), () -> consumed.err());
        List<String> values = consumed.outLines();
        assertEquals(lines, values.size());
        BitSet seen = new BitSet(lines + 1);
        for (String value : values) {
            int n = Integer.parseInt(value);
            assertFalse(seen.get(n), () -> "twice: " + n);
            seen.set(n);
        }
        assertEquals(lines, seen.cardinality());
        assertFalse(seen.get(0));
    }

    @Test
    void shouldRecoverAContiguousValidLogAfterKillNine() throws Exception {
        Path data = dir.resolve("data");
        assertEquals(0, CliRun.run("--data", data.toString(), "topics", "create", "t").exitCode());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process producer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--data", data.toString(), "produce", "t", "--count", "50000000", "--size", "100")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("producer.out").toFile())
                .start();
        long started = System.nanoTime();
        try {
            waitForLogBytes(data.resolve("t-0"), 1 << 20, producer);
            Thread.sleep(Math.max(0, 2000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            assertTrue(producer.isAlive(), "still producing when killed");
        } finally {
            producer.destroyForcibly();
            assertTrue(producer.waitFor(10, TimeUnit.SECONDS));
        }
        assertTrue(Files.notExists(data.resolve(".kafka_cleanshutdown")), "killed, so no clean-shutdown marker");

        try (EmbeddedStore store = EmbeddedStore.open(data)) {
            assertFalse(((SegmentedLogEngine) store.engine()).wasCleanShutdown());
            PartitionLog log = store.catalog().open("t", 0);
            assertEquals(0, log.logStartOffset());
            assertTrue(log.logEndOffset() > 10_000, "log end " + log.logEndOffset());
            assertEquals(log.logEndOffset(), readEveryRecord(log));
        }
        try (EmbeddedStore again = EmbeddedStore.open(data)) {
            TopicCatalog catalog = again.catalog();
            assertTrue(((SegmentedLogEngine) again.engine()).wasCleanShutdown(), "the recovered open closed cleanly");
            assertEquals(List.of("t"), catalog.list());
        }
    }

    /** Reads the whole log, CRCs checked, every record decoded; returns the next expected offset. */
    private static long readEveryRecord(PartitionLog log) {
        RecordBatchReader batches = new RecordBatchReader(true);
        long next = 0;
        try (RecordReader records = new RecordReader()) {
            while (next < log.logEndOffset()) {
                ByteBuffer bytes = log.read(next, 4 << 20, Long.MAX_VALUE).records().toBuffer();
                batches.reset(bytes);
                while (batches.next()) {
                    assertTrue(batches.batch().isCrcValid());
                    records.open(batches.batch());
                    while (records.next()) {
                        assertEquals(next, records.offset(), "offsets contiguous");
                        assertEquals(100, records.valueLength());
                        next++;
                    }
                    assertEquals(next, batches.batch().nextOffset());
                }
            }
        }
        return next;
    }

    private static void waitForLogBytes(Path partition, long bytes, Process producer) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && producer.isAlive()) {
            if (Files.isDirectory(partition) && logBytes(partition) >= bytes) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the producer wrote less than " + bytes + " bytes in time; alive=" + producer.isAlive());
    }

    private static long logBytes(Path partition) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(partition)) {
            files.filter(f -> f.toString().endsWith(".log")).forEach(logs::add);
        }
        long total = 0;
        for (Path log : logs) {
            try {
                total += Files.size(log);
            } catch (java.nio.file.NoSuchFileException rolledAway) {
                // a segment deleted meanwhile
            }
        }
        return total;
    }
}
