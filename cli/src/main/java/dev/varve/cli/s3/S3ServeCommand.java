package dev.varve.cli.s3;

import dev.varve.cli.CliException;
import dev.varve.cli.DataOption;
import dev.varve.tiered.s3.S3StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code varve s3 serve}: a real S3 API server (S3Proxy) on 127.0.0.1 over a folder, with the bucket
 * created, for demos and tiered storage on a machine with nothing else installed. Prints the endpoint and
 * the {@code remote.storage.s3.*} lines that point a store at it, then serves until interrupted (Ctrl-C).
 * Objects are files under the folder, so they outlive the server. Loopback only, fixed development
 * credentials: not for production.
 */
@Command(name = "serve", description = {"Serve an S3-compatible bucket on 127.0.0.1 from a folder until interrupted.",
    "Prints the remote.storage.s3.* configs that point tiered storage at it."})
public final class S3ServeCommand implements Callable<Integer> {
    /** The access key id the server accepts. */
    public static final String ACCESS_KEY = "varve";
    /** The secret the server accepts. */
    public static final String SECRET_KEY = "varve-secret";
    /** The port it serves on by default. */
    public static final String DEFAULT_PORT = "9090";
    /** The bucket it creates by default. */
    public static final String DEFAULT_BUCKET = "varve";

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = DEFAULT_PORT,
            description = "Port on 127.0.0.1 (0 picks a free one; default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder holding the buckets (default: __s3 in the data directory).")
    private Path dir;

    @Option(names = "--bucket", paramLabel = "B", defaultValue = DEFAULT_BUCKET,
            description = "Bucket to create if missing (default: ${DEFAULT-VALUE}).")
    private String bucket;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException(CliException.USAGE_ERROR, "invalid port " + port + ": expected 0..65535");
        }
        Path root = (dir != null ? dir : DataOption.dataDirectory(spec.commandLine()).resolve("__s3")).toAbsolutePath();
        Files.createDirectories(root);
        FilesystemNio2BlobStore blobStore = new FilesystemNio2BlobStore(root.toString());
        S3Proxy proxy = start(blobStore);
        Thread onExit = new Thread(() -> stop(proxy), "varve-s3-stop");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainer(bucket);
            }
            printReady(spec.commandLine().getOut(), proxy.getPort(), root);
            Thread.currentThread().join(); // serves until interrupted, or until Ctrl-C ends the JVM
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            stop(proxy);
            removeHook(onExit);
        }
        return 0;
    }

    private S3Proxy start(FilesystemNio2BlobStore blobStore) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new CliException(CliException.DATA_ERROR,
                        "port " + port + " on 127.0.0.1 is in use: choose another with --port", e);
            }
            throw e;
        }
        return proxy;
    }

    private void printReady(PrintWriter out, int boundPort, Path root) {
        out.println("varve s3 serve: S3 API on http://127.0.0.1:" + boundPort + ", bucket '" + bucket + "' in "
                + root + " (Ctrl-C stops it)");
        out.println("# tiered storage configs for this server:");
        configs(boundPort, bucket).forEach((name, value) -> out.println(name + "=" + value));
        out.println("# retries (defaults): a request is retried with full-jitter backoff for up to "
                + S3StoreConfig.RETRY_MAX_DURATION_MS + "=60000,");
        out.println("# waiting " + S3StoreConfig.RETRY_BACKOFF_MS + "=100 doubling up to " + S3StoreConfig.RETRY_BACKOFF_MAX_MS
                + "=10000; " + S3StoreConfig.MAX_ATTEMPTS + " caps the attempts (unset: no cap)");
        out.flush();
    }

    /** The configs that point an {@link S3StoreConfig} at a server on {@code port}. */
    public static Map<String, String> configs(int port, String bucket) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(S3StoreConfig.ENDPOINT, "http://127.0.0.1:" + port);
        configs.put(S3StoreConfig.BUCKET, bucket);
        configs.put(S3StoreConfig.REGION, "us-east-1");
        configs.put(S3StoreConfig.PATH_STYLE_ACCESS, "true");
        configs.put(S3StoreConfig.ACCESS_KEY_ID, ACCESS_KEY);
        configs.put(S3StoreConfig.SECRET_ACCESS_KEY, SECRET_KEY);
        return configs;
    }

    private static synchronized void stop(S3Proxy proxy) {
        try {
            if (!"STOPPED".equals(proxy.getState())) {
                proxy.stop();
            }
        } catch (Exception e) {
            // Stopping on the way out: the process ends either way.
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting and runs the hook itself.
        }
    }
}
