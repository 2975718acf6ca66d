package dev.varve.cli.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.cli.CliRun;
import dev.varve.cli.VarveCommand;
import dev.varve.tiered.s3.S3RemoteStore;
import dev.varve.tiered.s3.S3StoreConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code varve s3 serve}: a store configured from its printed lines round-trips through the folder it serves. */
class S3ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldServeABucketFromAFolderAtThePrintedConfigsUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread serving = new Thread(() -> {
            CommandLine commandLine = VarveCommand.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(out, true));
            exitCode.set(commandLine.execute("s3", "serve", "--port", "0", "--dir", dir.toString(), "--bucket", "demo"));
        });
        serving.start();
        try {
            Map<String, String> configs = awaitConfigs(out);
            assertEquals("demo", configs.get(S3StoreConfig.BUCKET));
            assertTrue(out.toString().startsWith("varve s3 serve: S3 API on http://127.0.0.1:"), out::toString);

            byte[] content = "tiered bytes".getBytes(StandardCharsets.UTF_8);
            try (S3RemoteStore store = S3RemoteStore.open(S3StoreConfig.from(configs))) {
                store.put("t-0/00000000000000000000-a.log", Files.write(dir.resolve("upload"), content));
                ByteBuffer back = ByteBuffer.allocate(content.length);
                assertEquals(content.length, store.read("t-0/00000000000000000000-a.log", 0, back));
                assertArrayEquals(content, back.array());
            }
            assertTrue(Files.isDirectory(dir.resolve("demo")), "the bucket is a folder under --dir");
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertEquals(0, exitCode.get(), out::toString);
    }

    @Test
    void shouldSayInOneLineThatThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.run("s3", "serve", "--port", Integer.toString(taken.getLocalPort()), "--dir", dir.toString());

            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("varve: port " + taken.getLocalPort() + " on 127.0.0.1 is in use: choose another with --port",
                    run.err().strip(), run::toString);
        }
    }

    /** The {@code name=value} lines the command prints once it serves; waits at most 30 s. */
    private static Map<String, String> awaitConfigs(StringWriter out) throws InterruptedException {
        for (int i = 0; i < 300 && !out.toString().contains(S3StoreConfig.SECRET_ACCESS_KEY + "="); i++) {
            Thread.sleep(100);
        }
        Map<String, String> configs = new HashMap<>();
        out.toString().lines().filter(line -> line.startsWith(S3StoreConfig.PREFIX)).forEach(line -> {
            int equals = line.indexOf('=');
            configs.put(line.substring(0, equals), line.substring(equals + 1));
        });
        assertEquals(6, configs.size(), out::toString);
        return configs;
    }
}
