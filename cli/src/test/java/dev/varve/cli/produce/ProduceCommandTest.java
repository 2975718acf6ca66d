package dev.varve.cli.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCommandTest {
    @TempDir
    Path dir;

    private CliRun varve(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("--data", dir.toString()));
        all.addAll(List.of(args));
        return CliRun.runWithInput(input, all.toArray(String[]::new));
    }

    @Test
    void shouldAppendEachLineAsARecordAndSummarise() {
        varve("", "topics", "create", "t");
        CliRun run = varve("a\nb\n\nc\n", "produce", "t");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(3, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("records: 4, batches: 1, bytes: "), run::toString);
        assertTrue(lines.get(1).matches("elapsed: \\d+\\.\\d{3} s, \\d+ records/s, \\d+\\.\\d{2} MB/s"), run::toString);
        assertEquals("last offsets: t-0: 3", lines.get(2));
        assertEquals("", run.err());
        assertEquals(List.of("a", "b", "", "c"), values(0));
    }

    @Test
    void shouldPartitionKeyedLinesLikeKafka() {
        varve("", "topics", "create", "t", "--partitions", "3");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            input.append("user-").append(i % 17).append(':').append(i).append('\n');
        }
        CliRun run = varve(input.toString(), "produce", "t", "--key-separator", ":");
        assertEquals(0, run.exitCode(), run::toString);
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            int total = 0;
            for (int p = 0; p < 3; p++) {
                for (String[] record : records(store.catalog().open("t", p))) {
                    assertEquals(BuiltInPartitioner.partitionForKey(record[0].getBytes(StandardCharsets.UTF_8), 3), p);
                    total++;
                }
            }
            assertEquals(300, total);
        }
    }

    @Test
    void shouldCutBatchesAtBatchBytesAndCompressThem() {
        varve("", "topics", "create", "t");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            input.append("line number ").append(i).append(" of a thousand\n");
        }
        CliRun run = varve(input.toString(), "produce", "t", "--batch-bytes", "1024", "--compression", "zstd", "--linger-ms", "60000");
        assertEquals(0, run.exitCode(), run::toString);
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            ByteBuffer all = store.catalog().open("t", 0).read(0, Integer.MAX_VALUE, Long.MAX_VALUE).records().toBuffer();
            RecordBatchReader batches = new RecordBatchReader().reset(all);
            int count = 0;
            while (batches.next()) {
                assertEquals(CompressionCodec.ZSTD, batches.batch().compression());
                assertTrue(batches.batch().recordCount() < 40, "batch of " + batches.batch().recordCount());
                count++;
            }
            assertTrue(count > 25, "batches: " + count);
        }
        assertEquals(1000, values(0).size());
    }

    @Test
    void shouldProduceSyntheticRecordsOfTheGivenSizeToOnePartition() {
        varve("", "topics", "create", "t", "--partitions", "2");
        for (String payload : new String[] {"json", "random"}) {
            CliRun run = varve("", "produce", "t", "--partition", "1", "--count", "500", "--size", "200", "--payload", payload);
            assertEquals(0, run.exitCode(), run::toString);
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            assertEquals(0, store.catalog().open("t", 0).logEndOffset());
            List<String[]> records = records(store.catalog().open("t", 1));
            assertEquals(1000, records.size());
            assertTrue(records.get(0)[1].startsWith("{\"ts\":") && records.get(0)[1].endsWith("\"}"), records.get(0)[1]);
            for (String[] record : records.subList(0, 500)) {
                assertEquals(200, record[1].length());
            }
        }
    }

    @Test
    void shouldSpreadNullKeysOverPartitionsBatchByBatch() {
        varve("", "topics", "create", "t", "--partitions", "3");
        CliRun run = varve("", "produce", "t", "--count", "3000", "--size", "100", "--batch-bytes", "2048");
        assertEquals(0, run.exitCode(), run::toString);
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            for (int p = 0; p < 3; p++) {
                long end = store.catalog().open("t", p).logEndOffset();
                assertTrue(end > 800 && end < 1200, "partition " + p + " got " + end);
            }
        }
    }

    @Test
    void shouldExplainRefusalsInOneLine() {
        varve("", "topics", "create", "t", "--partitions", "2");
        assertError(varve("x\n", "produce", "nope"), 1, "varve: unknown topic: topic=nope");
        assertError(varve("x\n", "produce", "t", "--partition", "2"), 1,
                "varve: unknown partition: topic=t, partition=2, partitions=2 (valid: 0..1)");
        assertError(varve("x\n", "produce", "t", "--compression", "brotli"), 2,
                "varve: --compression: unknown compression codec 'brotli': expected one of none, gzip, snappy, lz4, zstd"
                        + " (see 'varve produce --help')");
        assertError(varve("", "produce", "t", "--count", "1", "--payload", "xml"), 2,
                "varve: --payload: expected json or random, not 'xml' (see 'varve produce --help')");
        assertError(varve("k:v\nnokey\n", "produce", "t", "--key-separator", ":"), 1,
                "varve: line 2 has no key separator ':' (records before it were produced)");
        assertError(varve("", "produce", "t", "--size", "5"), 2, "varve: --size and --payload need --count (see 'varve produce --help')");
    }

    private static void assertError(CliRun run, int exitCode, String line) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals(List.of(line), run.errLines(), run::toString);
    }

    private List<String> values(int partition) {
        try (EmbeddedStore store = EmbeddedStore.open(dir)) {
            return records(store.catalog().open("t", partition)).stream().map(r -> r[1]).toList();
        }
    }

    /** Every record of the log as {key, value}, checking offsets are contiguous from 0. */
    static List<String[]> records(PartitionLog log) {
        List<String[]> records = new ArrayList<>();
        ByteBuffer all = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE).records().toBuffer();
        RecordBatchReader batches = new RecordBatchReader().reset(all);
        try (RecordReader reader = new RecordReader()) {
            while (batches.next()) {
                reader.open(batches.batch());
                while (reader.next()) {
                    assertEquals(records.size(), reader.offset());
                    byte[] key = reader.key();
                    records.add(new String[] {key == null ? null : new String(key, StandardCharsets.UTF_8),
                        new String(reader.value(), StandardCharsets.UTF_8)});
                }
            }
        }
        return records;
    }
}
