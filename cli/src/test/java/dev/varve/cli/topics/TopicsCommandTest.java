package dev.varve.cli.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsCommandTest {
    @TempDir
    Path dir;

    private CliRun varve(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(all);
    }

    @Test
    void shouldCreateListDescribeAlterAndDelete() {
        CliRun created = varve("topics", "create", "orders", "--partitions", "2", "--config", "retention.ms=1000");
        assertEquals(0, created.exitCode(), created::toString);
        assertEquals(List.of("Created topic orders with 2 partitions."), created.outLines());
        assertEquals(0, varve("topics", "create", "audit").exitCode());

        assertEquals(List.of("audit", "orders"), varve("topics", "list").outLines());

        CliRun described = varve("topics", "describe", "orders");
        assertEquals(0, described.exitCode(), described::toString);
        List<String> lines = described.outLines();
        assertEquals("Topic: orders\tPartitionCount: 2\tConfigs: retention.ms=1000", lines.get(0));
        assertEquals("\tPartition: 0\tLogStartOffset: 0\tLogEndOffset: 0\tSize: 0", lines.get(1));
        assertEquals("\tPartition: 1\tLogStartOffset: 0\tLogEndOffset: 0\tSize: 0", lines.get(2));
        assertTrue(lines.contains("\tretention.ms=1000 *"), described::toString);
        assertTrue(lines.contains("\tsegment.bytes=1073741824"), described::toString);

        CliRun altered = varve("topics", "alter", "orders", "--config", "segment.bytes=1048576", "--delete-config", "retention.ms");
        assertEquals(0, altered.exitCode(), altered::toString);
        assertEquals(List.of("Altered topic orders: configs now {segment.bytes=1048576}"), altered.outLines());
        assertTrue(varve("topics", "describe", "orders").outLines().contains("\tretention.ms=604800000"));

        CliRun deleted = varve("topics", "delete", "orders");
        assertEquals(List.of("Deleted topic orders."), deleted.outLines(), deleted::toString);
        assertEquals(List.of("audit"), varve("topics", "list").outLines());
    }

    @Test
    void shouldUseTheDataDirectoryGivenAfterTheSubcommandToo() {
        assertEquals(0, CliRun.run("topics", "create", "t", "--data", dir.toString()).exitCode());
        assertEquals(List.of("t"), CliRun.run("topics", "list", "--data", dir.toString()).outLines());
    }

    @Test
    void shouldExplainEveryRefusalInOneLine() {
        varve("topics", "create", "t");
        assertError(varve("topics", "create", "t"), 1, "varve: topic already exists: topic=t, partitions=1");
        assertError(varve("topics", "describe", "nope"), 1, "varve: unknown topic: topic=nope");
        assertError(varve("topics", "delete", "nope"), 1, "varve: unknown topic: topic=nope");
        assertError(varve("topics", "create", "bad/name"), 2,
                "varve: invalid topic name 'bad/name': character '/' is not one of [a-zA-Z0-9._-]");
        assertError(varve("topics", "create", "u", "--partitions", "0"), 2,
                "varve: partitions must be at least 1: topic=u, partitions=0");
        assertError(varve("topics", "create", "u", "--config", "retention.mss=1"), 2, "varve: unknown topic config 'retention.mss'");
        assertError(varve("topics", "alter", "t", "--config", "segment.bytes=x"), 2,
                "varve: invalid value for segment.bytes: 'x': expected a int");
        assertError(varve("topics", "alter", "t"), 2,
                "varve: Missing --config KEY=VALUE or --delete-config KEY (see 'varve topics alter --help')");
        assertEquals(List.of("t"), varve("topics", "list").outLines());
    }

    @Test
    void shouldShowTheStackTraceOnlyWhenVerbose() {
        CliRun verbose = varve("--verbose", "topics", "describe", "nope");
        assertEquals(1, verbose.exitCode());
        assertEquals("varve: unknown topic: topic=nope", verbose.errLines().get(0));
        assertTrue(verbose.err().contains("\tat dev.varve."), verbose::toString);
    }

    /**
     * Issue 11: one topic's metadata file with a byte that is not UTF-8 used to stop every command on the
     * data directory ({@code cause=Input length = 1}); now only that topic is offline, named with its file.
     */
    @Test
    void shouldServeEveryOtherTopicWhenOneTopicsMetadataFileIsDamaged() throws IOException {
        assertEquals(0, varve("topics", "create", "good").exitCode());
        assertEquals(0, varve("topics", "create", "bad").exitCode());
        assertEquals(0, CliRun.runWithInput("a\nb\n", "--data", dir.toString(), "produce", "good").exitCode());
        Path file = dir.resolve("__varve_topics").resolve("bad.properties");
        byte[] bytes = Files.readAllBytes(file);
        bytes[30] = (byte) 0xFF;
        Files.write(file, bytes);

        CliRun listed = varve("topics", "list");
        assertEquals(0, listed.exitCode(), listed::toString);
        assertEquals("good", listed.outLines().get(0));
        assertTrue(listed.outLines().get(1).startsWith("bad (offline: file=" + file + ", reason=corrupt topic metadata: "),
                listed::toString);
        assertEquals(List.of("a", "b"), varve("consume", "good", "--from-beginning").outLines());
        assertEquals(0, CliRun.runWithInput("c\n", "--data", dir.toString(), "produce", "good").exitCode());
        assertEquals(List.of("a", "b", "c"), varve("consume", "good", "--from-beginning").outLines());

        for (String[] command : List.of(new String[] {"topics", "describe", "bad"}, new String[] {"consume", "bad"},
                new String[] {"topics", "create", "bad"})) {
            CliRun refused = varve(command);
            assertEquals(1, refused.exitCode(), refused::toString);
            assertEquals(1, refused.errLines().size(), refused::toString);
            assertTrue(refused.errLines().get(0).startsWith("varve: topic offline: topic=bad, file=" + file), refused::toString);
        }
    }

    static void assertError(CliRun run, int exitCode, String line) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals(List.of(line), run.errLines(), run::toString);
    }
}
