package dev.varve.cli.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import dev.varve.cli.EmbeddedStore;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.log.OffsetPosition;
import dev.varve.engine.log.TimeIndex;
import dev.varve.engine.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexDumpTest {
    /** Now, not a fixed date: records older than segment.ms (7 days) roll a segment per batch, as in Kafka. */
    static final long T0 = System.currentTimeMillis();

    @TempDir
    Path dir;
    Path index;
    Path timeIndex;

    /** A partition of 60 batches of 2 records, an index entry every ~300 bytes, segments of 4 KiB. */
    @BeforeEach
    void writePartition() {
        CliRun.run("--data", dir.toString(), "topics", "create", "t", "--config", "index.interval.bytes=300",
                "--config", "segment.bytes=4096");
        try (EmbeddedStore store = EmbeddedStore.open(dir); RecordBatchBuilder builder = new RecordBatchBuilder()) {
            for (int i = 0; i < 60; i++) {
                builder.reset(0);
                builder.append(T0 + 2 * i, null, new byte[40]);
                builder.append(T0 + 2 * i + 1, null, new byte[40]);
                store.catalog().open("t", 0).append(builder.build());
            }
        }
        index = dir.resolve("t-0/00000000000000000000.index");
        timeIndex = dir.resolve("t-0/00000000000000000000.timeindex");
    }

    @Test
    void shouldDumpOffsetIndexEntriesAsKafkaDoes() {
        CliRun run = CliRun.run("dump", index.toString());
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals("Dumping " + index, lines.get(0));
        OffsetIndex expected = OffsetIndex.openReadOnly(index, 0);
        try {
            assertTrue(expected.entries() > 3, "entries: " + expected.entries());
            assertEquals(expected.entries() + 1, lines.size(), run::toString);
            for (int i = 0; i < expected.entries(); i++) {
                OffsetPosition entry = expected.entry(i);
                assertEquals("offset: " + entry.offset() + " position: " + entry.position(), lines.get(i + 1));
            }
        } finally {
            expected.close();
        }
    }

    @Test
    void shouldDumpTimeIndexEntriesAsTextAndJson() {
        CliRun text = CliRun.run("dump", timeIndex.toString());
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.outLines().get(1).matches("timestamp: \\d+ offset: \\d+"), text::toString);

        CliRun json = CliRun.run("dump", "--json", timeIndex.toString());
        List<Map<String, Object>> entries = json.outLines().stream().map(JsonParser::parseObject).toList();
        assertEquals(text.outLines().size() - 1, entries.size());
        assertEquals(timeIndex.toString(), entries.get(0).get("file"));
        TimeIndex expected = TimeIndex.openReadOnly(timeIndex, 0);
        try {
            assertEquals(expected.entry(0).timestamp(), entries.get(0).get("timestamp"));
            assertEquals(expected.entry(0).offset(), entries.get(0).get("offset"));
        } finally {
            expected.close();
        }
    }

    @Test
    void shouldVerifyIndexesThatMatchTheirLog() throws IOException {
        try (var files = Files.list(dir.resolve("t-0"))) {
            List<String> indexes = files.map(Path::toString).filter(f -> f.endsWith("index")).sorted().toList();
            assertTrue(indexes.size() >= 4, indexes::toString);
            List<String> args = new java.util.ArrayList<>(List.of("dump", "--verify-index"));
            args.addAll(indexes);
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains(" entries match 00000000000000000000.log ("), run::toString);
            assertEquals("", run.err());
        }
    }

    @Test
    void shouldReportEveryOffsetEntryThatDoesNotPointAtItsBatch() throws IOException {
        putInt(index, 8 + 4, 7); // entry 1's position: 7, inside the first batch
        CliRun run = CliRun.run("dump", "--verify-index", index.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("Dumping " + index, "mismatch: 1 offset: " + offsetOfEntry(1) + " position: 7 problem: no batch starts at position 7"),
                run.outLines());
        assertTrue(run.err().matches("varve: .*00000000000000000000.index: 1 of \\d+ entries do not match 00000000000000000000.log\\n"),
                run::toString);
    }

    @Test
    void shouldReportTimeEntriesGoingBackwards() throws IOException {
        putLong(timeIndex, 12 * 2, T0 - 1); // entry 2's timestamp below entry 1's
        CliRun run = CliRun.run("dump", "--verify-index", "--json", timeIndex.toString());
        assertEquals(1, run.exitCode(), run::toString);
        Map<String, Object> finding = JsonParser.parseObject(run.outLines().get(0));
        assertEquals(2L, finding.get("mismatch"));
        assertTrue(((String) finding.get("problem")).startsWith("timestamp below the previous entry's"), finding::toString);
    }

    @Test
    void shouldStopAtTheZeroTailOfAnUntrimmedIndex() throws IOException {
        long entries = Files.size(index) / 8;
        Files.write(index, new byte[8 * 3], StandardOpenOption.APPEND);
        CliRun run = CliRun.run("dump", index.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(entries + 2, run.outLines().size(), run::toString);
        assertTrue(run.out().endsWith("3 zero entries after the last entry not shown (a preallocated index that was not "
                + "trimmed: an active segment, or a crash)\n"), run::toString);
    }

    @Test
    void shouldRefuseToVerifyWithoutTheLog() throws IOException {
        Path lonely = Files.createDirectories(dir.resolve("lonely")).resolve(index.getFileName());
        Files.copy(index, lonely);
        CliRun run = CliRun.run("dump", "--verify-index", lonely.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("varve: " + lonely + ": cannot verify: no 00000000000000000000.log next to it"), run.errLines());
        CliRun badName = CliRun.run("dump", Files.copy(index, dir.resolve("x.index")).toString());
        assertEquals(1, badName.exitCode(), badName::toString);
        assertTrue(badName.err().contains("not a Kafka index file name"), badName::toString);
    }

    private long offsetOfEntry(int n) {
        OffsetIndex read = OffsetIndex.openReadOnly(index, 0);
        try {
            return read.entry(n).offset();
        } finally {
            read.close();
        }
    }

    private static void putInt(Path file, long position, int value) throws IOException {
        write(file, position, ByteBuffer.allocate(4).putInt(0, value));
    }

    private static void putLong(Path file, long position, long value) throws IOException {
        write(file, position, ByteBuffer.allocate(8).putLong(0, value));
    }

    private static void write(Path file, long position, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes, position);
        }
    }
}
