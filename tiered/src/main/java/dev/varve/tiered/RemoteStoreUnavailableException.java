package dev.varve.tiered;

/**
 * The store kept failing in ways that usually pass (throttling, 5xx answers, timeouts, dropped
 * connections) until the retry budget ran out: {@link #attempts()} tries in {@link #elapsedMs()}. The
 * cause is the last failure. Trying again later may succeed. Kafka's code is {@code KAFKA_STORAGE_ERROR}
 * (56), which clients retry.
 */
public final class RemoteStoreUnavailableException extends RemoteStoreException {
    private static final long serialVersionUID = 1L;

    private final int attempts;
    private final long elapsedMs;

    /** {@code lastFailure} says what the last attempt met, e.g. {@code status=503, code=SlowDown}. */
    public RemoteStoreUnavailableException(String operation, String key, int attempts, long elapsedMs,
            String lastFailure, Throwable cause) {
        super("remote store unavailable", operation, key,
                "attempts=" + attempts + ", elapsedMs=" + elapsedMs + ", last: " + lastFailure, cause);
        this.attempts = attempts;
        this.elapsedMs = elapsedMs;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }

    /** Milliseconds from the first attempt to giving up. */
    public long elapsedMs() {
        return elapsedMs;
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
