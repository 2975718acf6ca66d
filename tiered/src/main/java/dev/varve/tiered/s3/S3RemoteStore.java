package dev.varve.tiered.s3;

import dev.varve.tiered.RemoteObject;
import dev.varve.tiered.RemoteObjectCorruptException;
import dev.varve.tiered.RemoteStore;
import dev.varve.tiered.RemoteStoreRejectedException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link RemoteStore} on an S3-compatible store through the AWS SDK for Java v2 (its URL-connection HTTP
 * client; endpoint override and path-style access make MinIO, Ceph or S3Proxy work as well as AWS).
 *
 * <p>The SDK's own retries are off: {@link Retrier} retries each request with full-jitter backoff within
 * the config's time budget (and attempt cap, if set). Calls the engine can do without (listing and aborting
 * unfinished multipart uploads, multipart itself, ListObjectsV2 for version 1, user metadata) are {@link OptionalCalls}: a store that
 * answers one with "not implemented" gets it skipped from then on, with one warning. The SDK's flexible
 * checksums are only sent where S3 requires them (no call Varve makes does), for stores that do not know them; integrity rests on {@code Content-MD5} per request (the store
 * checks the bytes it received), then a HEAD after every upload that must show the file's size, its
 * CRC-32C in the object's metadata and the ETag the upload was answered with (the object is the one
 * written). ETags are not compared with MD5s: with SSE-KMS or SSE-C they are not MD5s. Thread-safe: one
 * client, shared.
 */
public final class S3RemoteStore implements RemoteStore {
    /** Keys per listing page: S3's maximum. */
    static final int LIST_PAGE_KEYS = 1000;

    private final S3Client s3;
    private final String bucket;
    private final Retrier retrier;
    private final S3Uploader uploader;
    private final int listPageKeys;
    private final OptionalCalls optional;

    S3RemoteStore(S3Client s3, S3StoreConfig config, Retrier retrier, int listPageKeys) {
        this.s3 = s3;
        this.bucket = config.bucket();
        this.retrier = retrier;
        this.optional = new OptionalCalls(config.endpoint().map(Object::toString).orElse("AWS") + "/" + bucket);
        this.uploader = new S3Uploader(s3, config, retrier, optional);
        this.listPageKeys = listPageKeys;
    }

    /** A store on the bucket {@code config} names. Opens no connection until the first call. */
    public static S3RemoteStore open(S3StoreConfig config) {
        return new S3RemoteStore(client(config), config, Retrier.of(config), LIST_PAGE_KEYS);
    }

    static S3Client client(S3StoreConfig config) {
        Duration attemptTimeout = Duration.ofMillis(config.apiCallAttemptTimeoutMs());
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(),
                        config.secretAccessKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyleAccess())
                // Plain bodies with a Content-Length, not aws-chunked signed streams: every S3-compatible store
                // reads them, and S3Proxy 4.1 leaves the end of an aws-chunked body unread, which makes its
                // Jetty drop keep-alive connections that the client then reuses and fails on. No
                // "Expect: 100-continue" either: when the store refuses such a request (503 SlowDown), the
                // JDK's URL connection sends it three times, tripling the load on a throttling store.
                .serviceConfiguration(s -> s.chunkedEncodingEnabled(false).expectContinueEnabled(false))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attemptTimeout).socketTimeout(attemptTimeout).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(attemptTimeout).apiCallTimeout(attemptTimeout));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public RemoteObject put(String key, Path file) {
        FileDigest digest = uploader.digest(key, file);
        String eTag = uploader.upload(key, file, digest);
        return verifyUpload(key, digest, eTag);
    }

    /**
     * The HEAD after an upload: the object must have the file's size and CRC-32C, and the ETag the upload
     * was answered with ({@code uploadETag}; null when that answer was lost, and then not compared). ETags
     * are compared in one form (quotes and a weak {@code W/} dropped, case ignored), as stores differ in how
     * they write them. A store that keeps no user metadata (no CRC-32C on the first HEAD, when the upload's
     * ETag was seen and matches) is marked so once ({@link OptionalCalls.Feature#OBJECT_METADATA}); its
     * objects are then checked by size and ETag, the bytes having been checked by Content-MD5 on the way in.
     */
    private RemoteObject verifyUpload(String key, FileDigest digest, String uploadETag) {
        HeadObjectResponse head = retrier.call("put", key, attempt -> s3.headObject(b -> b.bucket(bucket).key(key)));
        String eTag = head.eTag();
        String storedCrc = head.metadata().get(S3Uploader.CRC32C_METADATA);
        long size = head.contentLength() == null ? -1 : head.contentLength();
        boolean eTagMatches = uploadETag == null || eTag == null || sameETag(uploadETag, eTag);
        if (storedCrc == null && uploadETag != null && eTag != null && eTagMatches && size == digest.sizeBytes()) {
            optional.markMissing(OptionalCalls.Feature.OBJECT_METADATA, "HEAD " + key + " shows no x-amz-meta-"
                    + S3Uploader.CRC32C_METADATA + " right after its upload");
        }
        boolean crcMatches = storedCrc == null ? !optional.supported(OptionalCalls.Feature.OBJECT_METADATA)
                : digest.crc32cHex().equals(storedCrc);
        if (size != digest.sizeBytes() || !crcMatches || !eTagMatches) {
            throw new RemoteObjectCorruptException("put", key, 0, "stored size=" + size + ", crc32c=" + storedCrc
                    + ", eTag=" + eTag + "; uploaded size=" + digest.sizeBytes() + ", crc32c=" + digest.crc32cHex()
                    + ", eTag=" + uploadETag);
        }
        return new RemoteObject(key, size, OptionalLong.of(digest.crc32c()));
    }

    @Override
    public int read(String key, long position, ByteBuffer dst) {
        checkPosition(position);
        S3RangeReader reader = new S3RangeReader(s3, bucket, key, position, dst.remaining(),
                (bytes, offset, length) -> dst.put(bytes, offset, length));
        return (int) reader.read(retrier);
    }

    @Override
    public long transferTo(String key, long position, long length, WritableByteChannel out) {
        checkPosition(position);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: key=" + key + ", length=" + length);
        }
        S3RangeReader reader = new S3RangeReader(s3, bucket, key, position, length, (bytes, offset, count) -> {
            ByteBuffer chunk = ByteBuffer.wrap(bytes, offset, count);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        });
        return reader.read(retrier);
    }

    @Override
    public Optional<RemoteObject> head(String key) {
        return retrier.call("head", key, attempt -> {
            try {
                HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
                String crc = head.metadata().get(S3Uploader.CRC32C_METADATA);
                OptionalLong crc32c = crc == null || !crc.matches("[0-9a-f]{8}")
                        ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(crc, 16));
                return Optional.of(new RemoteObject(key, head.contentLength(), crc32c));
            } catch (NoSuchKeyException missing) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void delete(String key) {
        retrier.call("delete", key, attempt -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Lists with ListObjectsV2, or with version 1 on a store that does not implement it. */
    @Override
    public List<RemoteObject> list(String prefix) {
        if (optional.supported(OptionalCalls.Feature.LIST_OBJECTS_V2)) {
            try {
                return listV2(prefix);
            } catch (RemoteStoreRejectedException e) {
                if (!optional.missingAfter(OptionalCalls.Feature.LIST_OBJECTS_V2, e)) {
                    throw e;
                }
            }
        }
        return listV1(prefix);
    }

    private List<RemoteObject> listV2(String prefix) {
        List<RemoteObject> objects = new ArrayList<>();
        String token = null;
        do {
            String after = token;
            ListObjectsV2Response page = retrier.call("list", prefix,
                    attempt -> s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(listPageKeys).continuationToken(after)));
            page.contents().forEach(o -> objects.add(new RemoteObject(o.key(), o.size(), OptionalLong.empty())));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    /** ListObjects version 1: pages by marker, the last key of the page before. */
    private List<RemoteObject> listV1(String prefix) {
        List<RemoteObject> objects = new ArrayList<>();
        boolean more;
        do {
            String marker = objects.isEmpty() ? null : objects.get(objects.size() - 1).key();
            ListObjectsResponse page = retrier.call("list", prefix,
                    attempt -> s3.listObjects(b -> b.bucket(bucket).prefix(prefix).maxKeys(listPageKeys).marker(marker)));
            page.contents().forEach(o -> objects.add(new RemoteObject(o.key(), o.size(), OptionalLong.empty())));
            more = Boolean.TRUE.equals(page.isTruncated()) && !page.contents().isEmpty();
        } while (more);
        return objects;
    }

    @Override
    public int abortUnfinishedUploads(String prefix) {
        return uploader.abortUnfinished(prefix);
    }

    @Override
    public void close() {
        s3.close();
    }

    /** Whether two ETags name the same object, whatever quoting or case each store used. */
    static boolean sameETag(String a, String b) {
        return canonicalETag(a).equalsIgnoreCase(canonicalETag(b));
    }

    private static String canonicalETag(String eTag) {
        String stripped = eTag.trim();
        if (stripped.startsWith("W/")) {
            stripped = stripped.substring(2);
        }
        if (stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")) {
            stripped = stripped.substring(1, stripped.length() - 1);
        }
        return stripped;
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: position=" + position);
        }
    }
}
