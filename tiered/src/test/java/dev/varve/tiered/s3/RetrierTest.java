package dev.varve.tiered.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.fault.LogCapture;
import dev.varve.tiered.RemoteObjectCorruptException;
import dev.varve.tiered.RemoteObjectNotFoundException;
import dev.varve.tiered.RemoteStoreRejectedException;
import dev.varve.tiered.RemoteStoreUnavailableException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The retry policy on a fake clock: full-jitter waits, the attempt bound, the time bound, what is not retried. */
class RetrierTest {
    private long nowNanos;
    private final List<Long> waits = new ArrayList<>();
    /** The retrier's outage warnings, kept off the console. */
    private LogCapture log;

    @BeforeEach
    void captureWarnings() {
        log = LogCapture.of(Retrier.class);
    }

    @AfterEach
    void releaseWarnings() {
        log.close();
    }

    private Retrier retrier(int maxAttempts, long totalTimeoutMs) {
        return new Retrier("bucket", maxAttempts, 100, 1000, totalTimeoutMs, () -> nowNanos, millis -> {
            waits.add(millis);
            nowNanos += millis * 1_000_000;
        }, new SplittableRandom(42));
    }

    @Test
    void shouldDrawEveryWaitUniformlyBelowTheCappedExponential() {
        Retrier retrier = retrier(10, Long.MAX_VALUE);
        for (int retry = 1; retry <= 12; retry++) {
            long cap = Math.min(1000, 100L << (retry - 1));
            long max = 0;
            long min = Long.MAX_VALUE;
            for (int i = 0; i < 2000; i++) {
                long wait = retrier.backoff(retry);
                assertTrue(wait >= 0 && wait <= cap, "retry " + retry + ": " + wait + " > " + cap);
                max = Math.max(max, wait);
                min = Math.min(min, wait);
            }
            assertTrue(max > cap * 9 / 10 && min < cap / 10, "spread over [0, " + cap + "]: " + min + ".." + max);
        }
    }

    @Test
    void shouldRetryTransientFailuresUntilOneSucceeds() {
        List<Exception> failures = new ArrayList<>(List.of(status(503, "SlowDown"), status(500, "InternalError"),
                SdkClientException.create("reset", new IOException("Connection reset")), status(429, "TooManyRequests")));

        String result = retrier(5, Long.MAX_VALUE).call("get", "k", attempt -> {
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            return "ok after " + attempt;
        });

        assertEquals("ok after 5", result);
        assertEquals(4, waits.size());
    }

    @Test
    void shouldStopAtTheAttemptBound() {
        RemoteStoreUnavailableException e = assertThrows(RemoteStoreUnavailableException.class,
                () -> retrier(3, Long.MAX_VALUE).call("put", "k", attempt -> {
                    throw SdkClientException.create("timeout", new SocketTimeoutException("Read timed out"));
                }));

        assertEquals(3, e.attempts());
        assertEquals(2, waits.size());
        assertTrue(e.getMessage().contains("Read timed out"), e.getMessage());
    }

    @Test
    void shouldNotStartAWaitThatWouldEndPastTheTotalTimeout() {
        RemoteStoreUnavailableException e = assertThrows(RemoteStoreUnavailableException.class,
                () -> retrier(1000, 3000).call("put", "k", attempt -> {
                    nowNanos += 200_000_000L;
                    throw status(503, "SlowDown");
                }));

        long totalMs = nowNanos / 1_000_000;
        assertTrue(totalMs <= 3000, "spent " + totalMs + " ms");
        assertTrue(e.attempts() < 1000 && e.attempts() > 3, "attempts " + e.attempts());
        assertEquals(e.elapsedMs(), totalMs);
    }

    /**
     * The defaults (100 ms base, 10 s cap, 60 s budget, no attempt cap) against a store that refuses
     * connections for a while, for 200 seeds: an outage of up to budget - cap (50 s) is always outlasted, since
     * the first attempt after it starts at most one cap later; one past the budget fails within it.
     */
    @Test
    void shouldOutlastARestartOfUpToTheBudgetLessOneCappedWaitWithTheDefaults() {
        S3StoreConfig defaults = S3StoreConfig.from(java.util.Map.of(S3StoreConfig.BUCKET, "b"));
        for (long seed = 0; seed < 200; seed++) {
            assertEquals("up", restart(defaults, seed, 50_000), "seed=" + seed);
            long outageSeed = seed;
            RemoteStoreUnavailableException e = assertThrows(RemoteStoreUnavailableException.class,
                    () -> restart(defaults, outageSeed, 60_001));
            assertTrue(e.elapsedMs() < 60_000 && e.attempts() > 5, "seed=" + seed + ": " + e.getMessage());
        }
    }

    /** Calls through a store whose connections are refused (after 1 ms) until {@code downMs} have passed. */
    private String restart(S3StoreConfig config, long seed, long downMs) {
        nowNanos = 0;
        Retrier retrier = new Retrier("b", config.maxAttempts(), config.retryBackoffMs(), config.retryBackoffMaxMs(),
                config.retryMaxDurationMs(), () -> nowNanos, millis -> nowNanos += millis * 1_000_000,
                new SplittableRandom(seed));
        return retrier.call("put", "k", attempt -> {
            nowNanos += 1_000_000;
            if (nowNanos < downMs * 1_000_000) {
                throw SdkClientException.create("refused", new java.net.ConnectException("Connection refused"));
            }
            return "up";
        });
    }

    @Test
    void shouldNotRetryRefusalsOrMissingKeys() {
        RemoteStoreRejectedException denied = assertThrows(RemoteStoreRejectedException.class,
                () -> retrier(5, Long.MAX_VALUE).call("get", "k", attempt -> {
                    throw status(403, "AccessDenied");
                }));
        assertEquals(403, denied.statusCode());
        assertTrue(denied.getMessage().contains("code=AccessDenied"), denied.getMessage());
        assertThrows(RemoteObjectNotFoundException.class, () -> retrier(5, Long.MAX_VALUE).call("get", "k", attempt -> {
            throw NoSuchKeyException.builder().statusCode(404).message("gone").build();
        }));
        assertThrows(RemoteStoreRejectedException.class, () -> retrier(5, Long.MAX_VALUE).call("get", "k", attempt -> {
            throw SdkClientException.create("Unable to load credentials");
        }));
        assertEquals(List.of(), waits);
    }

    @Test
    void shouldReportPersistentIntegrityFailuresAsCorrupt() {
        RemoteObjectCorruptException e = assertThrows(RemoteObjectCorruptException.class,
                () -> retrier(4, Long.MAX_VALUE).call("read", "k", attempt -> {
                    throw new IntegrityFailure(77, "body ended after 3 of 10 bytes");
                }));

        assertEquals(77, e.position());
        assertTrue(e.getMessage().contains("attempts=4"), e.getMessage());
    }

    @Test
    void shouldRetryADigestRefusalInEitherStoresWordsAndTellNotImplementedAnswers() {
        assertTrue(S3Failures.isRetriable(status(400, "BadDigest")));
        S3Exception s3Mock = (S3Exception) S3Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("BadRequest").build())
                .message("Content-MD5 does not match object md5").build();
        assertTrue(S3Failures.isRetriable(s3Mock), "S3Mock's words for BadDigest");
        assertFalse(S3Failures.isRetriable(status(400, "BadRequest")));

        assertTrue(S3Failures.isNotImplemented(status(501, "NotImplemented")));
        assertTrue(S3Failures.isNotImplemented(status(405, "MethodNotAllowed")));
        assertTrue(S3Failures.isNotImplemented(status(400, "OperationNotSupported")));
        assertTrue(S3Failures.isNotImplemented(new RemoteStoreRejectedException("abort", "p/", 501, "",
                status(501, "NotImplemented"))), "also as the refusal it became");
        assertFalse(S3Failures.isNotImplemented(status(400, "InvalidArgument")));
        assertFalse(S3Failures.isNotImplemented(status(403, "AccessDenied")));
    }

    private static S3Exception status(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .message(code).build();
    }
    @Test
    void shouldWarnOncePerOutageThatOutlastsTheQuietSecond() {
        Retrier retrier = retrier(Integer.MAX_VALUE, 60_000);
        int[] failuresLeft = {12};
        Retrier.Attempt<String> outage = attempt -> {
            if (failuresLeft[0]-- > 0) {
                throw SdkClientException.create("refused", new IOException("Connection refused"));
            }
            return "ok";
        };
        retrier.call("get", "k", outage);
        failuresLeft[0] = 12;
        retrier.call("get", "k", outage);
        retrier.call("get", "k", attempt -> "ok");
        List<String> warnings = log.warnings();

        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("retrying for up to 60 s (remote.storage.s3.retry.max.duration.ms)"), warnings.get(0));
        assertTrue(warnings.get(0).contains("Connection refused"), warnings.get(0));
    }
}
