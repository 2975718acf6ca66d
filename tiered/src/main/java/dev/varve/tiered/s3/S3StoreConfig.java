package dev.varve.tiered.s3;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where and how {@link S3RemoteStore} talks to an S3-compatible store, read from configs named in the
 * style of Kafka and Aiven's tiered storage (the table below, every name under {@value #PREFIX}). Immutable.
 *
 * <table>
 * <caption>configs</caption>
 * <tr><th>name</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code remote.storage.s3.bucket}</td><td>(required)</td><td>the bucket</td></tr>
 * <tr><td>{@code remote.storage.s3.endpoint}</td><td>AWS's</td><td>endpoint URL, e.g.
 *     {@code http://127.0.0.1:9090} for S3Proxy or MinIO</td></tr>
 * <tr><td>{@code remote.storage.s3.region}</td><td>us-east-1</td><td>signing region</td></tr>
 * <tr><td>{@code remote.storage.s3.path.style.access}</td><td>false</td><td>{@code host/bucket/key} URLs
 *     rather than {@code bucket.host/key}; true for most non-AWS stores</td></tr>
 * <tr><td>{@code remote.storage.s3.access.key.id}, {@code .secret.access.key}</td><td>(unset)</td><td>static
 *     credentials, both or neither; unset means the AWS default chain (environment, system properties,
 *     profile files, container and instance roles)</td></tr>
 * <tr><td>{@code remote.storage.s3.key.prefix}</td><td>""</td><td>first path segment of every key the
 *     tiered layer writes (see {@link dev.varve.tiered.RemoteSegmentKey})</td></tr>
 * <tr><td>{@code remote.storage.s3.multipart.threshold.bytes}</td><td>33554432</td><td>files this large
 *     or larger go up in parts</td></tr>
 * <tr><td>{@code remote.storage.s3.multipart.part.size.bytes}</td><td>16777216</td><td>part size
 *     (S3 accepts 5 MiB to 5 GiB)</td></tr>
 * <tr><td>{@code remote.storage.s3.retry.max.duration.ms}</td><td>60000</td><td>time budget of one
 *     request's retries, from its first attempt: no wait starts that would end past it, so a store that is
 *     down (a restart, a failover) for less than about this long costs a wait, not a failure</td></tr>
 * <tr><td>{@code remote.storage.s3.retry.backoff.ms}</td><td>100</td><td>base of the exponential backoff
 *     (full jitter: each wait drawn from {@code [0, min(backoff.max, backoff * 2^retry)]})</td></tr>
 * <tr><td>{@code remote.storage.s3.retry.backoff.max.ms}</td><td>10000</td><td>cap of one backoff wait</td></tr>
 * <tr><td>{@code remote.storage.s3.max.attempts}</td><td>(unbounded)</td><td>optional cap on the attempts of
 *     one request, first included; the time budget bounds them anyway</td></tr>
 * <tr><td>{@code remote.storage.s3.api.call.attempt.timeout.ms}</td><td>30000</td><td>bound on one request,
 *     also the connect and socket-read timeout</td></tr>
 * </table>
 * {@code remote.storage.s3.api.call.timeout.ms} (before issue 11) is now {@code retry.max.duration.ms}; the old
 * name is refused with a message that says so.
 */
public record S3StoreConfig(String bucket, Optional<URI> endpoint, String region, boolean pathStyleAccess,
        Optional<String> accessKeyId, Optional<String> secretAccessKey, String keyPrefix,
        long multipartThresholdBytes, long multipartPartSizeBytes, long retryMaxDurationMs,
        long apiCallAttemptTimeoutMs, int maxAttempts, long retryBackoffMs, long retryBackoffMaxMs) {
    /** Every config of this store starts with this. */
    public static final String PREFIX = "remote.storage.s3.";
    public static final String BUCKET = PREFIX + "bucket";
    public static final String ENDPOINT = PREFIX + "endpoint";
    public static final String REGION = PREFIX + "region";
    public static final String PATH_STYLE_ACCESS = PREFIX + "path.style.access";
    public static final String ACCESS_KEY_ID = PREFIX + "access.key.id";
    public static final String SECRET_ACCESS_KEY = PREFIX + "secret.access.key";
    public static final String KEY_PREFIX = PREFIX + "key.prefix";
    public static final String MULTIPART_THRESHOLD_BYTES = PREFIX + "multipart.threshold.bytes";
    public static final String MULTIPART_PART_SIZE_BYTES = PREFIX + "multipart.part.size.bytes";
    public static final String RETRY_MAX_DURATION_MS = PREFIX + "retry.max.duration.ms";
    public static final String API_CALL_ATTEMPT_TIMEOUT_MS = PREFIX + "api.call.attempt.timeout.ms";
    public static final String MAX_ATTEMPTS = PREFIX + "max.attempts";
    public static final String RETRY_BACKOFF_MS = PREFIX + "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = PREFIX + "retry.backoff.max.ms";

    private static final long MIB = 1024 * 1024;
    /** The name {@link #RETRY_MAX_DURATION_MS} had before. */
    private static final String RENAMED_API_CALL_TIMEOUT_MS = PREFIX + "api.call.timeout.ms";

    public S3StoreConfig {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException(ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " go together: set both or neither");
        }
        if (multipartThresholdBytes < multipartPartSizeBytes) {
            throw new IllegalArgumentException(MULTIPART_THRESHOLD_BYTES + " must be at least "
                    + MULTIPART_PART_SIZE_BYTES + ": " + multipartThresholdBytes + " < " + multipartPartSizeBytes);
        }
    }

    /**
     * Reads the configs under {@value #PREFIX} from {@code configs}, ignoring every other key (so a whole
     * broker or topic config map may be passed).
     *
     * @throws IllegalArgumentException naming the config for a missing bucket, a value out of range, or an
     *     unknown name under the prefix (a typo would otherwise silently mean a default)
     */
    public static S3StoreConfig from(Map<String, String> configs) {
        Map<String, String> ours = new TreeMap<>();
        configs.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                ours.put(name, value.trim());
            }
        });
        if (ours.containsKey(RENAMED_API_CALL_TIMEOUT_MS)) {
            throw new IllegalArgumentException(RENAMED_API_CALL_TIMEOUT_MS + " is now " + RETRY_MAX_DURATION_MS
                    + " (the time budget of one request's retries)");
        }
        ConfigReader read = new ConfigReader(ours);
        S3StoreConfig config = new S3StoreConfig(read.required(BUCKET), read.optional(ENDPOINT).map(URI::create),
                read.string(REGION, "us-east-1"), read.bool(PATH_STYLE_ACCESS, false),
                read.optional(ACCESS_KEY_ID), read.optional(SECRET_ACCESS_KEY), read.string(KEY_PREFIX, ""),
                read.number(MULTIPART_THRESHOLD_BYTES, 32 * MIB, 5 * MIB, Long.MAX_VALUE),
                read.number(MULTIPART_PART_SIZE_BYTES, 16 * MIB, 5 * MIB, 5 * 1024 * MIB),
                read.number(RETRY_MAX_DURATION_MS, 60_000, 0, Long.MAX_VALUE),
                read.number(API_CALL_ATTEMPT_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE),
                (int) read.number(MAX_ATTEMPTS, Integer.MAX_VALUE, 1, Integer.MAX_VALUE),
                read.number(RETRY_BACKOFF_MS, 100, 0, 3_600_000),
                read.number(RETRY_BACKOFF_MAX_MS, 10_000, 0, 3_600_000));
        read.rejectUnread();
        return config;
    }

    @Override
    public String toString() {
        return "S3StoreConfig[bucket=" + bucket + ", endpoint=" + endpoint.map(URI::toString).orElse("(AWS)")
                + ", region=" + region + ", pathStyleAccess=" + pathStyleAccess + ", keyPrefix=" + keyPrefix
                + ", credentials=" + (accessKeyId.isPresent() ? "static" : "default chain") + "]";
    }
}
