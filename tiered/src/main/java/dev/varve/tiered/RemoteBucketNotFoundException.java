package dev.varve.tiered;

/**
 * The bucket the store is configured with does not exist (S3's 404 {@code NoSuchBucket}): nothing can be
 * uploaded or read until it is created or {@code remote.storage.s3.bucket} names one that exists. Not
 * retried. The message names the bucket and says so, whatever operation met it first.
 */
public final class RemoteBucketNotFoundException extends RemoteStoreRejectedException {
    private static final long serialVersionUID = 1L;

    private final String bucket;

    /** {@code detail} says what the store answered. */
    public RemoteBucketNotFoundException(String bucket, String operation, String key, int statusCode, String detail,
            Throwable cause) {
        super("bucket '" + bucket + "' does not exist: create it or set remote.storage.s3.bucket to one that does",
                operation, key, statusCode, detail, cause);
        this.bucket = bucket;
    }

    /** The missing bucket. */
    public String bucket() {
        return bucket;
    }
}
