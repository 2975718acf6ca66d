package dev.varve.cli.consume;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import java.nio.file.Files;

import java.nio.ByteBuffer;

import dev.varve.engine.record.RecordBatchDescriptor;

import dev.varve.engine.record.RecordBatchReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.varve.cli.CliRun;
import dev.varve.cli.EmbeddedStore;
import dev.varve.cli.dump.JsonParser;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeCommandTest {
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private CliRun varve(String... args) {
        List<String> all = new ArrayList<>(List.of("--data", dir.toString()));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** Partition 0: offsets 0-2 (k0/v0, null/v1 with header h=x, k2/null) then 3-4; partition 1: offset 0. */
    @BeforeEach
    void writeTopic() {
        varve("topics", "create", "t", "--partitions", "2");
        try (EmbeddedStore store = EmbeddedStore.open(dir); RecordBatchBuilder builder = new RecordBatchBuilder()) {
            PartitionLog p0 = store.catalog().open("t", 0);
            builder.reset(0);
            builder.append(T0, utf8("k0"), utf8("v0"));
            builder.append(T0 + 10, null, utf8("v1"), new RecordHeader("h", utf8("x")));
            builder.append(T0 + 20, utf8("k2"), null);
            p0.append(builder.build());
            builder.reset(0);
            builder.append(T0 + 30, null, utf8("v3"));
            builder.append(T0 + 40, null, utf8("v4"));
            p0.append(builder.build());
            builder.reset(0);
            builder.append(T0 + 5, null, utf8("p1"));
            store.catalog().open("t", 1).append(builder.build());
        }
    }

    @Test
    void shouldPrintEveryValueOfEveryPartitionInOrderFromTheBeginning() {
        CliRun run = varve("consume", "t", "--from-beginning");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("v0", "v1", "null", "v3", "v4", "p1"), run.outLines());
        assertEquals("", run.err());
    }

    /**
     * Issue 11: a base offset the CRC does not cover, lowered by one bit on disk after a clean shutdown,
     * used to shift offsets silently; now the command prints the records before the damaged pair of
     * batches, then one line naming partition, offset, file and position, and exits 1.
     */
    @Test
    void shouldStopWithOneLineNamingTheFileWhenABaseOffsetOutsideTheCrcIsDamaged() throws IOException {
        try (EmbeddedStore store = EmbeddedStore.open(dir); RecordBatchBuilder builder = new RecordBatchBuilder()) {
            PartitionLog p0 = store.catalog().open("t", 0);
            p0.roll(); // the damaged segment is not the active one, which a clean open checks and recovers
            builder.reset(0).append(T0 + 50, null, utf8("v5"));
            p0.append(builder.build());
        }
        Path log = dir.resolve("t-0").resolve("00000000000000000000.log");
        byte[] bytes = Files.readAllBytes(log);
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(bytes));
        reader.next();
        int second = reader.batch().sizeInBytes();
        bytes[second + RecordBatchDescriptor.BASE_OFFSET_OFFSET + 7] ^= 0x01; // baseOffset 3 -> 2: overlaps the first batch
        Files.write(log, bytes);

        CliRun run = varve("consume", "t", "--partition", "0", "--from-beginning");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of(), run.outLines());
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("varve: t-0 at offset 0: corrupt record batch: reason=BAD_OFFSET, file=" + log
                + ", position=0, baseOffset=2 of the next batch, at position " + second), run::toString);
    }

    @Test
    void shouldStartAtTheLogEndByDefaultAsKafkaDoesAndSaySo() {
        CliRun run = varve("consume", "t");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run::toString);
        assertEquals(true, run.err().startsWith("varve: note: started at the log end"), run::toString);
    }

    @Test
    void shouldStartAtAnOffsetInsideABatchAndStopAfterMax() {
        assertEquals(List.of("null", "v3"), varve("consume", "t", "--partition", "0", "--offset", "2", "--max", "2").outLines());
        assertEquals(List.of("v0", "v1", "null"), varve("consume", "t", "--from-beginning", "--max", "3").outLines());
        assertEquals(List.of("p1"), varve("consume", "t", "--partition", "1", "--from-beginning").outLines());
    }

    @Test
    void shouldStartAtTheFirstRecordAtOrAfterATime() {
        assertEquals(List.of("v3", "v4"), varve("consume", "t", "--partition", "0", "--time", String.valueOf(T0 + 25)).outLines());
        assertEquals(List.of("v1", "null", "v3", "v4"), varve("consume", "t", "--time", String.valueOf(T0 + 6)).outLines());
        assertEquals(List.of("v0", "v1", "null", "v3", "v4", "p1"), varve("consume", "t", "--time", String.valueOf(T0)).outLines());
        assertEquals(List.of(), varve("consume", "t", "--time", String.valueOf(T0 + 1000)).outLines());
    }

    @Test
    void shouldPrintOneJsonObjectPerRecord() {
        CliRun run = varve("consume", "t", "--partition", "0", "--from-beginning", "--format", "json", "--max", "3");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\"partition\":0,\"offset\":1,\"timestamp\":" + (T0 + 10)
                + ",\"key\":null,\"value\":\"v1\",\"headers\":[{\"key\":\"h\",\"value\":\"x\"}]}", run.outLines().get(1));
        List<Map<String, Object>> records = run.outLines().stream().map(JsonParser::parseObject).toList();
        assertEquals("k0", records.get(0).get("key"));
        assertEquals(List.of(), records.get(0).get("headers"));
        assertEquals(2L, records.get(2).get("offset"));
        assertNull(records.get(2).get("value"));
    }

    @Test
    void shouldExplainRefusalsInOneLine() {
        assertError(varve("consume", "nope", "--from-beginning"), 1, "varve: unknown topic: topic=nope");
        assertError(varve("consume", "t", "--partition", "5", "--from-beginning"), 1,
                "varve: unknown partition: topic=t, partition=5, partitions=2 (valid: 0..1)");
        assertError(varve("consume", "t", "--offset", "1"), 2, "varve: --offset needs --partition (see 'varve consume --help')");
        assertError(varve("consume", "t", "--partition", "0", "--offset", "9"), 1,
                "varve: offset 9 is out of range for t-0: logStartOffset=0, logEndOffset=5");
        assertError(varve("consume", "t", "--format", "xml"), 2, "varve: --format: expected text or json, not 'xml' (see 'varve consume --help')");
        CliRun both = varve("consume", "t", "--from-beginning", "--offset", "1");
        assertEquals(2, both.exitCode(), both::toString);
        assertEquals(1, both.errLines().size(), both::toString);
    }

    private static void assertError(CliRun run, int exitCode, String line) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals(List.of(line), run.errLines(), run::toString);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
