package dev.varve.cli.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import dev.varve.cli.VarveCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 7's "Done means" through the command, scaled down: with {@code varve s3 serve} running, a topic with
 * {@code remote.storage.enable=true}, {@code local.retention.bytes=0} and small segments, produce, {@code tier
 * run}: local segments are gone, the bucket holds them, and {@code consume --from-beginning} prints every line.
 */
class TierCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldTierEverySegmentAndConsumeEveryLineFromTheBeginning() throws Exception {
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
            String endpoint = "remote.storage.s3.endpoint=" + awaitEndpoint(served);
            String data = dir.resolve("data").toString();
            CliRun created = CliRun.run("--data", data, "topics", "create", "t", "--config", "remote.storage.enable=true",
                    "--config", "local.retention.bytes=0", "--config", "segment.bytes=16384");
            assertEquals(0, created.exitCode(), created::toString);
            StringBuilder lines = new StringBuilder();
            for (int i = 1; i <= 20_000; i++) {
                lines.append(i).append('\n');
            }
            assertEquals(0, CliRun.runWithInput(lines.toString(), "--data", data, "produce", "t").exitCode());

            CliRun run = CliRun.run("--data", data, "tier", "run", "--config", endpoint);

            assertEquals(0, run.exitCode(), run::toString);
            Matcher uploaded = Pattern.compile("1 partitions, (\\d+) segments uploaded").matcher(run.out());
            assertTrue(uploaded.find(), run::toString);
            int segments = Integer.parseInt(uploaded.group(1));
            assertTrue(segments > 5, run::toString);
            try (Stream<Path> local = Files.list(Path.of(data, "t-0"))) {
                assertEquals(1, local.filter(p -> p.toString().endsWith(".log")).count(), "only the active segment stays");
            }
            try (Stream<Path> objects = Files.walk(s3.resolve("varve"))) {
                assertEquals(3L * segments, objects.filter(Files::isRegularFile).count(), "the bucket holds them");
            }
            // consume has no --config: the data directory's tiered.properties points it at the server
            Files.writeString(Path.of(data, "tiered.properties"), endpoint + "\n");
            CliRun status = CliRun.run("--data", data, "tier", "status", "t");
            assertTrue(status.out().startsWith("t-0: log [0, 20000) | local 1 segments"), status::toString);
            CliRun consumed = CliRun.run("--data", data, "consume", "t", "--from-beginning");
            assertEquals(0, consumed.exitCode(), consumed::toString);
            List<String> out = consumed.outLines();
            assertEquals(20_000, out.size());
            assertEquals("1", out.get(0));
            assertEquals("20000", out.get(out.size() - 1));

            CliRun dead = CliRun.run("--data", data, "tier", "run", "--config", "remote.storage.s3.endpoint=http://127.0.0.1:1");
            assertEquals(1, dead.exitCode(), dead::toString);
            assertEquals(1, dead.errLines().size(), dead::toString);
            assertTrue(dead.err().startsWith("varve: remote store unavailable"), dead::toString);
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
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
