package dev.varve.tiered;

/**
 * The store refused the request for a reason retrying does not change: access denied, a missing bucket,
 * a bad request (a 4xx answer other than throttling), or credentials that cannot be found. Carries the
 * HTTP status ({@link #statusCode()}, 0 when the request never reached the store) and the store's error
 * code in the message. Fix the configuration, then retry. Kafka's code is {@code UNKNOWN_SERVER_ERROR} (-1).
 * A missing bucket is the subtype {@link RemoteBucketNotFoundException}.
 */
public class RemoteStoreRejectedException extends RemoteStoreException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    /** {@code detail} says what the store answered, e.g. {@code status=403, code=AccessDenied, message=...}. */
    public RemoteStoreRejectedException(String operation, String key, int statusCode, String detail, Throwable cause) {
        this("remote store rejected the request", operation, key, statusCode, detail, cause);
    }

    /** For subtypes: {@code what} opens the message. */
    protected RemoteStoreRejectedException(String what, String operation, String key, int statusCode, String detail,
            Throwable cause) {
        super(what, operation, key, detail, cause);
        this.statusCode = statusCode;
    }

    /** The HTTP status of the refusal, or 0 when no request was sent. */
    public int statusCode() {
        return statusCode;
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
