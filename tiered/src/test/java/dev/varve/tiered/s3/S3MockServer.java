package dev.varve.tiered.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adobe S3Mock ({@code com.adobe.testing:s3mock}, a Spring Boot server written in Kotlin, independent of
 * S3Proxy) as a child JVM on a free 127.0.0.1 port, from its executable jar, which Maven resolves as a
 * test dependency without its transitive dependencies (its Spring Boot and AWS SDK stay out of this JVM).
 * One server per test JVM ({@link #shared()}), started on first use within {@value #START_TIMEOUT_SECONDS}
 * s and destroyed by a shutdown hook; objects live in a temporary folder it deletes on exit. S3Mock does
 * not check signatures, so any credentials work. Its output goes to {@code s3mock.log} beside that folder,
 * named in every start-up failure.
 */
public final class S3MockServer implements S3TestServer {
    /** The bound on start-up: a cold Spring Boot start takes 5-15 s on a busy 2-core machine. */
    static final int START_TIMEOUT_SECONDS = 90;
    /** A class inside the executable jar, to find the jar on the test class path. */
    private static final String MARKER = "BOOT-INF/classes/com/adobe/testing/s3mock/S3MockApplication.class";
    private static S3MockServer shared;

    private final Process process;
    private final int port;
    private final Path log;

    private S3MockServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The server of this JVM, started on the first call. */
    public static synchronized S3MockServer shared() throws IOException, InterruptedException {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            S3MockServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "s3mock-stop"));
        }
        return shared;
    }

    private static S3MockServer start() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("varve-s3mock");
        Path root = work.resolve("root");
        Path log = work.resolve("s3mock.log");
        int port = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar().toString(),
                "--server.address=127.0.0.1", "--server.port=0",
                "--com.adobe.testing.s3mock.http-port=" + port,
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3MockServer server = new S3MockServer(process, port, log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Mock exited with " + process.exitValue() + " while starting: " + tail());
            }
            try {
                if (status("GET", "/") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        destroy();
        throw new IOException("S3Mock did not answer on 127.0.0.1:" + port + " within " + START_TIMEOUT_SECONDS + " s: "
                + tail());
    }

    @Override
    public String name() {
        return "S3Mock";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void createBucket(String bucket) {
        try {
            int status = status("PUT", "/" + bucket);
            if (status != 200) {
                throw new IllegalStateException("S3Mock refused to create bucket " + bucket + ": HTTP " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("S3Mock on port " + port + " did not create bucket " + bucket, e);
        }
    }

    /** Sends an unsigned request with no body (S3Mock checks no signature) and returns the HTTP status. */
    private int status(String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(10_000);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private void destroy() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return log + ":\n" + text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return log + " (unreadable: " + e + ")";
        }
    }

    /** The executable jar Maven put on the test class path. */
    private static Path jar() throws IOException {
        URL marker = S3MockServer.class.getClassLoader().getResource(MARKER);
        if (marker == null || !"jar".equals(marker.getProtocol())) {
            throw new IOException("the S3Mock executable jar (com.adobe.testing:s3mock:exec) is not on the test class path");
        }
        String path = marker.getPath();
        try {
            return Path.of(new URI(path.substring(0, path.indexOf("!/"))));
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the S3Mock jar from " + marker, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
