package dev.varve.tiered.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API server for a test class: S3Proxy 4.1 in-process on 127.0.0.1 (a free port), SigV4 with
 * fixed test credentials, over an in-memory blob store or, with {@link #S3ProxyServer(Path)}, a filesystem
 * one whose objects survive {@link #stop()} and {@link #start()} (an outage of the server, not of its
 * disk). Start one per class; use a bucket per test.
 */
public final class S3ProxyServer implements S3TestServer, AutoCloseable {
    public static final String ACCESS_KEY = "varve-test";
    public static final String SECRET_KEY = "varve-test-secret";

    private final BlobStore blobStore;
    private S3Proxy proxy;
    private int port;

    /** A server over an in-memory store, started. */
    public S3ProxyServer() throws Exception {
        this(new TransientNio2BlobStore());
    }

    /** A server over a filesystem store under {@code root} (which must exist), started. */
    public S3ProxyServer(Path root) throws Exception {
        this(new FilesystemNio2BlobStore(root.toString()));
    }

    private S3ProxyServer(BlobStore blobStore) throws Exception {
        this.blobStore = blobStore;
        start();
    }

    /** Serves again, on the same port once it has served (connections are refused while stopped). */
    public void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        port = proxy.getPort();
    }

    /** Stops serving; the store keeps its objects. */
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }

    @Override
    public String name() {
        return "S3Proxy";
    }

    @Override
    public int port() {
        return port;
    }

    /** Creates {@code bucket} directly in the blob store. */
    @Override
    public void createBucket(String bucket) {
        blobStore.createContainer(bucket);
    }

    /**
     * The configs of a store on {@code bucket} through {@code port} (this server's, or a proxy's in front
     * of it), with test-sized timeouts and backoffs: a 1 s attempt timeout, 5 attempts, 10-50 ms waits.
     */
    public static Map<String, String> configs(int port, String bucket) {
        Map<String, String> configs = new HashMap<>();
        configs.put(S3StoreConfig.ENDPOINT, "http://127.0.0.1:" + port);
        configs.put(S3StoreConfig.BUCKET, bucket);
        configs.put(S3StoreConfig.PATH_STYLE_ACCESS, "true");
        configs.put(S3StoreConfig.ACCESS_KEY_ID, ACCESS_KEY);
        configs.put(S3StoreConfig.SECRET_ACCESS_KEY, SECRET_KEY);
        configs.put(S3StoreConfig.MULTIPART_THRESHOLD_BYTES, Long.toString(5 << 20));
        configs.put(S3StoreConfig.MULTIPART_PART_SIZE_BYTES, Long.toString(5 << 20));
        configs.put(S3StoreConfig.API_CALL_ATTEMPT_TIMEOUT_MS, "1000");
        configs.put(S3StoreConfig.RETRY_MAX_DURATION_MS, "20000");
        configs.put(S3StoreConfig.MAX_ATTEMPTS, "5");
        configs.put(S3StoreConfig.RETRY_BACKOFF_MS, "10");
        configs.put(S3StoreConfig.RETRY_BACKOFF_MAX_MS, "50");
        return configs;
    }

    @Override
    public void close() {
        stop();
    }
}
