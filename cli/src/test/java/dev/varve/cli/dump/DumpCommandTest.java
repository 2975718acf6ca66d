package dev.varve.cli.dump;

import static dev.varve.cli.dump.TestLogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldPrintOneLinePerBatchWithEveryHeaderField() throws IOException {
        Path file = TestLogs.write(dir, "00000000000000000000.log", TestLogs.threeBatches());
        CliRun run = CliRun.run("dump", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run::toString);
        assertEquals("Dumping " + file, lines.get(0));
        int[] positions = batchPositions(Files.readAllBytes(file));
        assertTrue(lines.get(1).startsWith("baseOffset: 0 lastOffset: 2 count: 3 position: 0 size: " + positions[1]
                + " magic: 2 codec: none timestampType: CreateTime baseTimestamp: " + T0 + " maxTimestamp: " + (T0 + 2)
                + " producerId: -1 producerEpoch: -1 baseSequence: -1 lastSequence: -1 partitionLeaderEpoch: -1"
                + " isTransactional: false isControl: false structureValid: true crc: "), lines.get(1));
        assertTrue(lines.get(2).startsWith("baseOffset: 3 lastOffset: 4 count: 2 position: " + positions[1]), lines.get(2));
        assertTrue(lines.get(2).contains(" producerId: 42 producerEpoch: 1 baseSequence: 7 lastSequence: 8"
                + " partitionLeaderEpoch: 5 isTransactional: true isControl: false "), lines.get(2));
        assertTrue(lines.get(3).contains(" isTransactional: true isControl: true "), lines.get(3));
        for (String line : lines.subList(1, 4)) {
            assertTrue(line.endsWith(" crcValid: true"), line);
        }
    }

    @Test
    void shouldPrintRecordsWithHeadersNullKeysAndEndTxnMarkers() throws IOException {
        Path file = TestLogs.write(dir, "0.log", TestLogs.threeBatches());
        CliRun run = CliRun.run("dump", "--records", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> records = run.outLines().stream().filter(line -> line.startsWith("| ")).toList();
        assertEquals(List.of(
                "| offset: 0 timestamp: " + T0 + " keySize: 2 valueSize: 2 sequence: -1 headers: [] key: \"k0\" value: \"v0\"",
                "| offset: 1 timestamp: " + (T0 + 1) + " keySize: -1 valueSize: 2 sequence: -1 headers: [h=\"x\"] key: null value: \"v1\"",
                "| offset: 2 timestamp: " + (T0 + 2) + " keySize: 2 valueSize: 0 sequence: -1 headers: [] key: \"k2\" value: \"\"",
                "| offset: 3 timestamp: " + (T0 + 10) + " keySize: 2 valueSize: 2 sequence: 7 headers: [] key: \"k3\" value: \"v3\"",
                "| offset: 4 timestamp: " + (T0 + 11) + " keySize: 2 valueSize: 2 sequence: 8 headers: [] key: \"k4\" value: \"v4\"",
                "| offset: 5 timestamp: " + (T0 + 12) + " keySize: 4 valueSize: 6 sequence: -1 headers: [] endTxnMarker: COMMIT coordinatorEpoch: 9"),
                records);
    }

    @Test
    void shouldPrintOneValidJsonObjectPerBatchLine() throws IOException {
        Path file = TestLogs.write(dir, "0.log", TestLogs.threeBatches());
        CliRun run = CliRun.run("dump", "--json", "--records", file.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<Map<String, Object>> batches = run.outLines().stream().map(JsonParser::parseObject).toList();
        assertEquals(3, batches.size());
        assertEquals(file.toString(), batches.get(0).get("file"));
        assertEquals(List.of(0L, 3L, 5L), batches.stream().map(b -> b.get("baseOffset")).toList());
        assertEquals(List.of(3, 2, 1), batches.stream().map(b -> ((List<?>) b.get("records")).size()).toList());
        assertEquals(true, batches.get(2).get("isControl"));
        assertEquals(true, batches.get(0).get("crcValid"));
        Map<?, ?> second = (Map<?, ?>) ((List<?>) batches.get(0).get("records")).get(1);
        assertEquals(null, second.get("key"));
        assertEquals("v1", second.get("value"));
        assertEquals(List.of(Map.of("key", "h", "value", "x")), second.get("headers"));
        Map<?, ?> marker = (Map<?, ?>) ((List<?>) batches.get(2).get("records")).get(0);
        assertEquals("COMMIT", marker.get("endTxnMarker"));
        assertEquals(9L, marker.get("coordinatorEpoch"));
    }

    @Test
    void shouldLeaveRecordsOutOfJsonUnlessAskedFor() throws IOException {
        Path file = TestLogs.write(dir, "0.log", TestLogs.threeBatches());
        CliRun run = CliRun.run("dump", "--json", file.toString());
        assertEquals(0, run.exitCode(), run::toString);
        run.outLines().forEach(line -> assertFalse(JsonParser.parseObject(line).containsKey("records"), line));
    }

    @Test
    void shouldShowBadCrcAndKeepGoingWhenTheFramingHolds() throws IOException {
        byte[] bytes = TestLogs.threeBatches();
        int v3 = indexOf(bytes, TestLogs.utf8("v3"));
        bytes[v3] ^= 0x20;
        Path file = TestLogs.write(dir, "0.log", bytes);
        CliRun run = CliRun.run("dump", "--records", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        List<String> batches = run.outLines().stream().filter(line -> line.startsWith("baseOffset")).toList();
        assertEquals(3, batches.size(), run::toString);
        assertTrue(batches.get(0).endsWith("crcValid: true"));
        assertTrue(batches.get(1).endsWith("crcValid: false"), batches.get(1));
        assertTrue(batches.get(2).endsWith("crcValid: true"));
        assertTrue(run.out().contains("value: \"V3\""), run::toString);
        assertEquals(List.of("varve: " + file + ": 1 of 3 batches failed the CRC check"), run.errLines());
    }

    @Test
    void shouldShowABaseOffsetTheCrcCannotSeeAsAStructuralViolationAndExitOne() throws IOException {
        byte[] bytes = TestLogs.threeBatches();
        int[] positions = batchPositions(bytes);
        bytes[positions[1] + 7] ^= 0x02; // baseOffset 3 -> 1: below the first batch's last offset 2
        Path file = TestLogs.write(dir, "00000000000000000000.log", bytes);
        CliRun run = CliRun.run("dump", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        List<String> batches = run.outLines().stream().filter(line -> line.startsWith("baseOffset")).toList();
        assertEquals(3, batches.size(), run::toString);
        assertTrue(batches.get(0).contains(" structureValid: true "), batches.get(0));
        assertTrue(batches.get(1).contains(" structureValid: false structureError: BAD_OFFSET: baseOffset=1 of the next batch,"
                + " at position " + positions[1] + ", is not above the previous batch's last offset 2 "), batches.get(1));
        assertTrue(batches.get(1).endsWith("crcValid: true"), batches.get(1));
        assertTrue(batches.get(2).contains(" structureValid: true "), batches.get(2));
        assertEquals(List.of("varve: " + file + ": 1 of 3 batches break the log's structure, the first: corrupt record batch:"
                + " reason=BAD_OFFSET, position=0, baseOffset=1 of the next batch, at position " + positions[1]
                + ", is not above the previous batch's last offset 2"),
                run.errLines());
    }

    @Test
    void shouldPrintValidBatchesThenOneErrorLineForATruncatedTail() throws IOException {
        byte[] bytes = TestLogs.threeBatches();
        int[] positions = batchPositions(bytes);
        Path file = TestLogs.write(dir, "0.log", Arrays.copyOf(bytes, bytes.length - 5));
        CliRun run = CliRun.run("dump", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(3, run.outLines().size(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        int invalid = bytes.length - 5 - positions[2];
        assertTrue(run.err().startsWith("varve: " + file + ": corrupt record batch: reason=TRUNCATED, position="
                + positions[2] + ", "), run::toString);
        assertTrue(run.err().strip().endsWith("(" + invalid + " invalid bytes at the end of the file)"), run::toString);
    }

    @Test
    void shouldReportGarbageAfterTheLastBatch() throws IOException {
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0x7f);
        byte[] bytes = TestLogs.concat(TestLogs.threeBatches(), garbage);
        Path file = TestLogs.write(dir, "0.log", bytes);
        CliRun run = CliRun.run("dump", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("varve: " + file + ": corrupt record batch: reason=BAD_MAGIC, position=" + (bytes.length - 40)
                + ", magic=127, expected 2 (40 invalid bytes at the end of the file)"), run.errLines());
    }

    @Test
    void shouldReportCorruptRecordsAndDumpTheNextBatches() throws IOException {
        byte[] bytes = TestLogs.threeBatches();
        bytes[RecordBatchDescriptor.RECORDS_OFFSET] = 0x7e; // the first record's length: 63, far past the batch
        Path file = TestLogs.write(dir, "0.log", bytes);
        CliRun run = CliRun.run("dump", "--records", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(3, run.outLines().stream().filter(line -> line.startsWith("baseOffset")).count(), run::toString);
        assertTrue(run.out().contains("endTxnMarker: COMMIT"), run::toString);
        List<String> err = run.errLines();
        assertEquals(2, err.size(), run::toString);
        assertTrue(err.get(0).startsWith("varve: " + file + ": corrupt record batch: reason=LENGTH_OUT_OF_BOUNDS, position="
                + RecordBatchDescriptor.RECORDS_OFFSET), run::toString);
        assertEquals("varve: " + file + ": 1 of 3 batches failed the CRC check, 1 of 3 batches have corrupt records", err.get(1));

        CliRun json = CliRun.run("dump", "--records", "--json", file.toString());
        assertEquals(1, json.exitCode(), json::toString);
        Map<String, Object> first = JsonParser.parseObject(json.outLines().get(0));
        assertEquals(List.of(), first.get("records"));
        assertTrue(((String) first.get("recordsError")).startsWith("corrupt record batch: reason=LENGTH_OUT_OF_BOUNDS"), json::toString);
    }

    @Test
    void shouldReportBadCompressedDataAndDumpTheNextBatches() throws IOException {
        byte[] gzip;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(CompressionCodec.GZIP)) {
            builder.reset(0);
            for (int i = 0; i < 20; i++) {
                builder.append(T0 + i, TestLogs.utf8("key-" + i), TestLogs.utf8("value number " + i));
            }
            gzip = TestLogs.copy(builder.build());
        }
        gzip[gzip.length - 6] ^= 0x55; // inside the gzip trailer's CRC-32 of the records
        byte[] rest = TestLogs.threeBatches();
        Path file = TestLogs.write(dir, "0.log", TestLogs.concat(gzip, rest));
        CliRun run = CliRun.run("dump", "--records", file.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(4, run.outLines().stream().filter(line -> line.startsWith("baseOffset")).count(), run::toString);
        assertTrue(run.outLines().get(1).contains(" codec: gzip "), run::toString);
        assertTrue(run.errLines().get(0).startsWith("varve: " + file + ": corrupt record batch: reason=BAD_COMPRESSED_DATA, position="),
                run::toString);
    }

    @Test
    void shouldSayAnEmptyFileHoldsNoBatches() throws IOException {
        Path file = TestLogs.write(dir, "0.log", new byte[0]);
        CliRun run = CliRun.run("dump", file.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("Dumping " + file, "empty file: 0 batches"), run.outLines());
    }

    @Test
    void shouldExplainMissingFilesAndDirectoriesInOneLine() {
        CliRun missing = CliRun.run("dump", dir.resolve("nope.log").toString());
        assertEquals(1, missing.exitCode());
        assertEquals(List.of("varve: " + dir.resolve("nope.log") + ": no such file"), missing.errLines());

        CliRun directory = CliRun.run("dump", dir.toString());
        assertEquals(1, directory.exitCode());
        assertEquals(List.of("varve: " + dir + ": is a directory, not a file"), directory.errLines());
    }

    @Test
    void shouldDumpTheGoodFilesAndExitOneWhenAnotherIsMissing() throws IOException {
        Path good = TestLogs.write(dir, "0.log", TestLogs.threeBatches());
        CliRun run = CliRun.run("dump", dir.resolve("missing.log").toString(), good.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(4, run.outLines().size(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
    }

    @Test
    void shouldExitTwoWithoutFileOrWithFileAndSample() {
        CliRun none = CliRun.run("dump");
        assertEquals(2, none.exitCode(), none::toString);
        assertEquals(List.of("varve: Missing FILE: give at least one .log file, or --sample (see 'varve dump --help')"),
                none.errLines());
        assertEquals(2, CliRun.run("dump", "--sample", "x.log").exitCode());
    }

    @Test
    void shouldDumpTheSampleWithRecordsAndAllCrcsValid() {
        CliRun run = CliRun.run("dump", "--sample");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("endTxnMarker: COMMIT coordinatorEpoch: 9"), run::toString);
        assertTrue(run.out().contains("headers: [trace-id=\"abc123\", empty-value=null] key: null"), run::toString);
        assertTrue(run.out().contains("key: 0x0001feff value: null"), run::toString);
        assertFalse(run.out().contains("crcValid: false"), run::toString);
        assertEquals("", run.err());
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            assertTrue(run.out().contains(" codec: " + codec + " "), codec);
            assertTrue(run.out().contains("key: \"key-" + codec + "\" value: \"hello from " + codec + "\""), codec);
        }
    }

    @Test
    void shouldDecodeTheSameAcrossWindowBoundaries() throws IOException {
        byte[] bytes = TestLogs.concat(TestLogs.threeBatches(), TestLogs.shifted(TestLogs.threeBatches(), 6));
        Path file = TestLogs.write(dir, "0.log", bytes);
        int[] positions = batchPositions(bytes);
        int largest = 0;
        for (int i = 0; i < positions.length; i++) {
            int end = i + 1 < positions.length ? positions[i + 1] : bytes.length;
            largest = Math.max(largest, end - positions[i]);
        }
        assertEquals(dumpWithWindow(file, LogFileDumper.MAX_WINDOW_BYTES), dumpWithWindow(file, largest));
        assertEquals(dumpWithWindow(file, LogFileDumper.MAX_WINDOW_BYTES), dumpWithWindow(file, largest + 7));
    }

    private static String dumpWithWindow(Path file, long windowBytes) throws IOException {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        try (LogFileDumper dumper = new LogFileDumper(new TextDumpFormat(writer), writer, true, false, windowBytes)) {
            dumper.dump(file);
        }
        writer.flush();
        return out.toString();
    }

    /** Start positions of the batches in {@code bytes}. */
    static int[] batchPositions(byte[] bytes) {
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(bytes));
        int[] positions = new int[0];
        while (reader.next()) {
            positions = Arrays.copyOf(positions, positions.length + 1);
            positions[positions.length - 1] = reader.batch().start();
        }
        return positions;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
