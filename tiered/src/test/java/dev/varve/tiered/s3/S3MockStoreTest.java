package dev.varve.tiered.s3;

import org.junit.jupiter.api.BeforeAll;

/** The store's contract on Adobe S3Mock (a child JVM), an S3 implementation independent of S3Proxy. */
class S3MockStoreTest extends S3StoreContract {
    private static S3MockServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3MockServer.shared();
    }

    @Override
    S3TestServer server() {
        return server;
    }
}
