package dev.varve.tiered.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.varve.tiered.RemoteStoreRejectedException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store's contract on S3Proxy (in-process), plus what only it checks: signatures. */
class S3RemoteStoreTest extends S3StoreContract {
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    S3TestServer server() {
        return server;
    }

    @Test
    void shouldRejectBadCredentialsWithoutRetrying() {
        Map<String, String> badSecret = server.configs(bucket);
        badSecret.put(S3StoreConfig.SECRET_ACCESS_KEY, "wrong");
        try (S3RemoteStore denied = S3RemoteStore.open(S3StoreConfig.from(badSecret))) {
            RemoteStoreRejectedException e = assertThrows(RemoteStoreRejectedException.class, () -> denied.head("k"));
            assertEquals(403, e.statusCode());
        }
    }
}
