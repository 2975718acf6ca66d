package dev.varve.tiered.s3;

import java.util.Map;

/**
 * An S3 API server on 127.0.0.1 that tests run the store against: {@link S3ProxyServer} (in-process) or
 * {@link S3MockServer} (Adobe S3Mock, a child JVM), two independent implementations of the protocol.
 */
public interface S3TestServer {
    /** The implementation's name, for test names and messages. */
    String name();

    /** The port it serves plain HTTP on. */
    int port();

    /** Creates {@code bucket}. */
    void createBucket(String bucket);

    /** The configs of a store on {@code bucket} of this server, test-sized ({@link S3ProxyServer#configs}). */
    default Map<String, String> configs(String bucket) {
        return S3ProxyServer.configs(port(), bucket);
    }
}
