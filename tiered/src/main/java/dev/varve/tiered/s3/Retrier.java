package dev.varve.tiered.s3;

import dev.varve.tiered.RemoteObjectCorruptException;
import dev.varve.tiered.RemoteStoreException;
import dev.varve.tiered.RemoteStoreUnavailableException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Runs one store operation with retries bounded by a time budget: exponential backoff with full jitter
 * (each wait drawn uniformly from {@code [0, min(backoffMaxMs, backoffMs * 2^retry)]}), no wait that would
 * end past {@code maxDurationMs} from the first attempt ({@code remote.storage.s3.retry.max.duration.ms}),
 * and at most {@code maxAttempts} attempts (unbounded by default). So a store that refuses connections
 * while it restarts costs the caller a wait of about the restart's length, up to the budget. What is
 * retried is {@link S3Failures}' call; an {@link IntegrityFailure} that persists ends as
 * {@link RemoteObjectCorruptException}, any other retriable failure as
 * {@link RemoteStoreUnavailableException}. A call that has been retrying for {@link #QUIET_MS} logs one
 * warning saying so and for how long it may go on (once per outage: a success re-arms it), so a command
 * waiting on a dead store says why it waits. Clock, sleep and randomness are passed in so tests can pin
 * them. Thread-safe.
 */
final class Retrier {
    /** How long retries go on before the one warning of an outage. */
    static final long QUIET_MS = 1_000;
    private static final Logger LOG = Logger.getLogger(Retrier.class.getName());

    /** One try of the operation; {@code attempt} counts from 1. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt) throws Exception;
    }

    /** Waits; {@link Thread#sleep(long)} in production. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final String bucket;
    private final int maxAttempts;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final long maxDurationMs;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final AtomicBoolean outageWarned = new AtomicBoolean();

    Retrier(String bucket, int maxAttempts, long backoffMs, long backoffMaxMs, long maxDurationMs,
            LongSupplier nanoClock, Sleeper sleeper, RandomGenerator random) {
        this.bucket = bucket;
        this.maxAttempts = maxAttempts;
        this.backoffMs = backoffMs;
        this.backoffMaxMs = backoffMaxMs;
        this.maxDurationMs = maxDurationMs;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The retrier a store's config asks for, on the real clock. */
    static Retrier of(S3StoreConfig config) {
        return new Retrier(config.bucket(), config.maxAttempts(), config.retryBackoffMs(), config.retryBackoffMaxMs(),
                config.retryMaxDurationMs(), System::nanoTime, Thread::sleep, RandomGenerator.getDefault());
    }

    <T> T call(String operation, String key, Attempt<T> attempt) {
        long start = nanoClock.getAsLong();
        for (int n = 1; ; n++) {
            Exception failure;
            try {
                T result = attempt.run(n);
                outageWarned.set(false);
                return result;
            } catch (RemoteStoreException e) {
                throw e;
            } catch (Exception e) {
                if (!S3Failures.isRetriable(e)) {
                    throw S3Failures.fatal(bucket, operation, key, e);
                }
                failure = e;
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start);
            long waitMs = backoff(n);
            if (n >= maxAttempts || elapsedMs + waitMs >= maxDurationMs) {
                throw exhausted(operation, key, n, elapsedMs, failure);
            }
            if (elapsedMs + waitMs >= QUIET_MS && outageWarned.compareAndSet(false, true)) {
                Exception last = failure;
                LOG.warning(() -> "the store of bucket '" + bucket + "' does not answer (" + S3Failures.describe(last)
                        + "): retrying for up to " + TimeUnit.MILLISECONDS.toSeconds(maxDurationMs)
                        + " s (remote.storage.s3.retry.max.duration.ms)");
            }
            try {
                sleeper.sleep(waitMs);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw exhausted(operation, key, n, elapsedMs, failure);
            }
        }
    }

    /** The wait after the {@code retry}-th failed attempt (from 1): full jitter under a capped exponential. */
    long backoff(int retry) {
        long ceiling = backoffMs << Math.min(retry - 1, 30);
        long cap = ceiling < 0 || ceiling > backoffMaxMs ? backoffMaxMs : ceiling;
        synchronized (random) {
            return random.nextLong(cap + 1);
        }
    }

    private static RemoteStoreException exhausted(String operation, String key, int attempts, long elapsedMs,
            Exception last) {
        if (last instanceof IntegrityFailure integrity) {
            return new RemoteObjectCorruptException(operation, key, integrity.position(),
                    integrity.getMessage() + " (attempts=" + attempts + ")");
        }
        return new RemoteStoreUnavailableException(operation, key, attempts, elapsedMs, S3Failures.describe(last), last);
    }
}
