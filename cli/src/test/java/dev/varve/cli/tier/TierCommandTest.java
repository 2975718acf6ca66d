package dev.varve.cli.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import dev.varve.cli.VarveCommand;
import dev.varve.tiered.s3.S3MockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's tiered tour through the command, whole, on two independent S3 servers: S3Proxy (through
 * {@code varve s3 serve}) and Adobe S3Mock. A topic with {@code remote.storage.enable=true},
 * {@code segment.bytes=65536} and {@code local.retention.bytes=0}; 200,000 lines produced; {@code tier run}
 * uploads every closed segment and deletes it locally; {@code tier status} shows one local segment;
 * {@code consume --from-beginning} prints all 200,000 lines. Then what a user meets when the store is not
 * there: a missing bucket, a dead endpoint (one line each, with the next step), local offsets still readable.
 */
class TierCommandTest {
    private static final int LINES = 200_000;
    private static final String LOCAL_ONLY = "--config=remote.storage.s3.retry.max.duration.ms=300";

    @TempDir
    Path dir;

    @Test
    void shouldRunTheTieredTourOnS3ProxyThroughS3Serve() throws Exception {
        StringWriter served = new StringWriter();
        Path s3 = dir.resolve("s3");
        Thread serving = new Thread(() -> {
            CommandLine commandLine = VarveCommand.commandLine();
            commandLine.setOut(new PrintWriter(served, true));
            commandLine.setErr(new PrintWriter(served, true));
            commandLine.execute("s3", "serve", "--port", "0", "--dir", s3.toString());
        });
        serving.start();
        try {
            String data = dir.resolve("data").toString();
            int segments = tour(data, "remote.storage.s3.endpoint=" + awaitEndpoint(served));
            try (Stream<Path> objects = Files.walk(s3.resolve("varve"))) {
                assertEquals(3L * segments, objects.filter(Files::isRegularFile).count(), "the bucket holds them");
            }
            assertStoreProblemsAreOneLineEach(data);
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
    }

    @Test
    void shouldRunTheTieredTourOnS3Mock() throws Exception {
        S3MockServer server = S3MockServer.shared();
        server.createBucket("tour");
        String data = dir.resolve("data").toString();
        tour(data, "remote.storage.s3.endpoint=http://127.0.0.1:" + server.port() + "\nremote.storage.s3.bucket=tour");
    }

    /** The tour on {@code data} with {@code properties} in its tiered.properties; returns the segments uploaded. */
    private static int tour(String data, String properties) throws Exception {
        Files.createDirectories(Path.of(data));
        Files.writeString(Path.of(data, "tiered.properties"), properties + "\n");
        CliRun created = CliRun.run("--data", data, "topics", "create", "history", "--config", "remote.storage.enable=true",
                "--config", "segment.bytes=65536", "--config", "local.retention.bytes=0");
        assertEquals(0, created.exitCode(), created::toString);
        String lines = IntStream.rangeClosed(1, LINES).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
        CliRun produced = CliRun.runWithInput(lines, "--data", data, "produce", "history");
        assertEquals(0, produced.exitCode(), produced::toString);

        CliRun run = CliRun.run("--data", data, "tier", "run");

        assertEquals(0, run.exitCode(), run::toString);
        Matcher uploaded = Pattern.compile("1 partitions, (\\d+) segments uploaded").matcher(run.out());
        assertTrue(uploaded.find(), run::toString);
        int segments = Integer.parseInt(uploaded.group(1));
        assertTrue(segments > 20, run::toString);
        assertTrue(run.out().contains(segments + " local segments deleted"), run::toString);
        try (Stream<Path> local = Files.list(Path.of(data, "history-0"))) {
            assertEquals(1, local.filter(p -> p.toString().endsWith(".log")).count(), "only the active segment stays");
        }
        CliRun status = CliRun.run("--data", data, "tier", "status", "history");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().startsWith("history-0: log [0, 200000) | local 1 segments"), status::toString);
        assertTrue(status.out().contains("| remote " + segments + " segments"), status::toString);
        CliRun consumed = CliRun.run("--data", data, "consume", "history", "--from-beginning");
        assertEquals(0, consumed.exitCode(), consumed::toString);
        List<String> out = consumed.outLines();
        assertEquals(LINES, out.size());
        assertEquals("1", out.get(0));
        assertEquals(Integer.toString(LINES), out.get(LINES - 1));
        return segments;
    }

    /** After a tour on {@code data}: a missing bucket, then a dead endpoint; local offsets stay readable. */
    private static void assertStoreProblemsAreOneLineEach(String data) {
        CliRun missing = CliRun.run("--data", data, "tier", "run", "--config", "remote.storage.s3.bucket=missing-bucket");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals(1, missing.errLines().size(), missing::toString);
        assertTrue(missing.err().startsWith("varve: bucket 'missing-bucket' does not exist: create it or set"
                + " remote.storage.s3.bucket to one that does"), missing::toString);

        String dead = "--config=remote.storage.s3.endpoint=http://127.0.0.1:1";
        CliRun run = CliRun.run("--data", data, "tier", "run", dead, LOCAL_ONLY);
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("varve: remote store unavailable"), run::toString);
        assertTrue(run.err().strip().endsWith("next: start the store (varve s3 serve) or check remote.storage.s3.endpoint"),
                run::toString);

        Path properties = Path.of(data, "tiered.properties");
        try {
            Files.writeString(properties, "remote.storage.s3.endpoint=http://127.0.0.1:1\n"
                    + "remote.storage.s3.retry.max.duration.ms=300\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun local = CliRun.run("--data", data, "consume", "history", "--offset", "199999", "--partition", "0");
        assertEquals(0, local.exitCode(), local::toString);
        assertEquals(List.of("200000"), local.outLines(), "the local tail reads with the store down");
        CliRun status = CliRun.run("--data", data, "tier", "status", "history");
        assertEquals(0, status.exitCode(), "status reads only local metadata: " + status);
        CliRun remote = CliRun.run("--data", data, "consume", "history", "--from-beginning");
        assertEquals(1, remote.exitCode(), remote::toString);
        assertEquals(1, remote.errLines().size(), remote::toString);
        assertTrue(remote.err().contains("operation=read") && remote.err().contains("only in the remote store"), remote::toString);
    }

    private static String awaitEndpoint(StringWriter out) throws InterruptedException {
        Pattern endpoint = Pattern.compile("remote\\.storage\\.s3\\.endpoint=(\\S+)");
        for (int i = 0; i < 300; i++) {
            Matcher m = endpoint.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("s3 serve did not start: " + out);
    }
}
