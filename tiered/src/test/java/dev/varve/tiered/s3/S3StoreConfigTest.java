package dev.varve.tiered.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code remote.storage.s3.*} configs: names, defaults, and errors that name the config. */
class S3StoreConfigTest {
    @Test
    void shouldApplyDefaultsAndIgnoreConfigsOutsideThePrefix() {
        S3StoreConfig config = S3StoreConfig.from(Map.of("remote.storage.s3.bucket", "b1", "segment.bytes", "1024"));

        assertEquals("b1", config.bucket());
        assertEquals(Optional.empty(), config.endpoint());
        assertEquals("us-east-1", config.region());
        assertFalse(config.pathStyleAccess());
        assertEquals(Optional.empty(), config.accessKeyId());
        assertEquals("", config.keyPrefix());
        assertEquals(32 << 20, config.multipartThresholdBytes());
        assertEquals(16 << 20, config.multipartPartSizeBytes());
        assertEquals(60_000, config.retryMaxDurationMs());
        assertEquals(30_000, config.apiCallAttemptTimeoutMs());
        assertEquals(Integer.MAX_VALUE, config.maxAttempts(), "attempts unbounded: the time budget bounds them");
        assertEquals(100, config.retryBackoffMs());
        assertEquals(10_000, config.retryBackoffMaxMs());
    }

    @Test
    void shouldReadEveryConfig() {
        Map<String, String> configs = S3ProxyServer.configs(9000, "bucket-x");
        configs.put(S3StoreConfig.REGION, "eu-west-3");
        configs.put(S3StoreConfig.KEY_PREFIX, "varve");

        S3StoreConfig config = S3StoreConfig.from(configs);

        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), config.endpoint());
        assertTrue(config.pathStyleAccess());
        assertEquals("eu-west-3", config.region());
        assertEquals("varve", config.keyPrefix());
        assertEquals(Optional.of(S3ProxyServer.ACCESS_KEY), config.accessKeyId());
        assertEquals(5 << 20, config.multipartPartSizeBytes());
        assertEquals(5, config.maxAttempts());
        assertFalse(config.toString().contains(S3ProxyServer.SECRET_KEY), "no secret in toString");
    }

    @Test
    void shouldNameTheConfigInEveryError() {
        assertError(Map.of(), "missing config remote.storage.s3.bucket");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.buckt", "c"),
                "unknown config remote.storage.s3.buckt");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.max.attempts", "0"),
                "invalid value for remote.storage.s3.max.attempts: '0': expected 1..2147483647");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.retry.max.duration.ms", "-1"),
                "invalid value for remote.storage.s3.retry.max.duration.ms: '-1': expected 0..");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.api.call.timeout.ms", "1000"),
                "remote.storage.s3.api.call.timeout.ms is now remote.storage.s3.retry.max.duration.ms");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.path.style.access", "yes"),
                "invalid value for remote.storage.s3.path.style.access: 'yes': expected true or false");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.multipart.part.size.bytes", "1000"),
                "invalid value for remote.storage.s3.multipart.part.size.bytes: '1000': expected 5242880..5368709120");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.access.key.id", "a"),
                "remote.storage.s3.access.key.id and remote.storage.s3.secret.access.key go together");
        assertError(Map.of("remote.storage.s3.bucket", "b", "remote.storage.s3.multipart.threshold.bytes", "6000000"),
                "remote.storage.s3.multipart.threshold.bytes must be at least remote.storage.s3.multipart.part.size.bytes");
    }

    private static void assertError(Map<String, String> configs, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3StoreConfig.from(new HashMap<>(configs)));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
