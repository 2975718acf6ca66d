package dev.varve.tiered.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * Sends a file to a key: one PutObject below the multipart threshold, else CreateMultipartUpload, one
 * UploadPart per part and CompleteMultipartUpload. Every request carries its part's {@code Content-MD5},
 * so the store refuses bytes damaged on the way (400 BadDigest, retried), and is retried on its own; a multipart upload that fails is aborted (best effort: a crash can still
 * leave one, which {@link #abortUnfinished} or an S3 lifecycle rule cleans up). Checking the result is the
 * caller's ({@link S3RemoteStore#put}). Thread-safe.
 */
final class S3Uploader {
    /** User metadata key of the whole object's CRC-32C ({@code x-amz-meta-varve-crc32c}, 8 hex digits). */
    static final String CRC32C_METADATA = "varve-crc32c";

    private final S3Client s3;
    private final String bucket;
    private final Retrier retrier;
    private final long thresholdBytes;
    private final long partSizeBytes;

    S3Uploader(S3Client s3, S3StoreConfig config, Retrier retrier) {
        this.s3 = s3;
        this.bucket = config.bucket();
        this.retrier = retrier;
        this.thresholdBytes = config.multipartThresholdBytes();
        this.partSizeBytes = config.multipartPartSizeBytes();
    }

    /** Whether a file of {@code sizeBytes} goes up in parts. */
    boolean isMultipart(long sizeBytes) {
        return sizeBytes >= thresholdBytes;
    }

    /** The digest an upload of {@code sizeBytes} of {@code file} is checked against. */
    FileDigest digest(Path file, long sizeBytes) throws IOException {
        return FileDigest.of(file, sizeBytes, isMultipart(sizeBytes) ? partSizeBytes : Math.max(sizeBytes, 1));
    }

    /**
     * Uploads the file under {@code key}; returns once the store acknowledged the last request, with the
     * ETag it gave the object, or null when that answer was lost (a completion retried after it succeeded).
     */
    String upload(String key, Path file, FileDigest digest) {
        Map<String, String> metadata = Map.of(CRC32C_METADATA, digest.crc32cHex());
        if (!isMultipart(digest.sizeBytes())) {
            return retrier.call("put", key, attempt -> s3.putObject(b -> b.bucket(bucket).key(key)
                    .contentLength(digest.sizeBytes()).contentMD5(digest.partMd5Base64(0)).metadata(metadata),
                    body(file, 0, digest.sizeBytes())).eTag());
        }
        String uploadId = retrier.call("put", key, attempt -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .metadata(metadata)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>(digest.partCount());
            for (int i = 0; i < digest.partCount(); i++) {
                parts.add(uploadPart(key, file, digest, uploadId, i));
            }
            return retrier.call("put", key, attempt -> {
                try {
                    return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts))).eTag();
                } catch (NoSuchUploadException gone) {
                    if (attempt == 1) {
                        throw gone;
                    }
                    // An earlier attempt completed it but its answer was lost: the check after upload decides.
                    return null;
                }
            });
        } catch (RuntimeException failed) {
            abort(key, uploadId, failed);
            throw failed;
        }
    }

    private CompletedPart uploadPart(String key, Path file, FileDigest digest, String uploadId, int index) {
        long offset = index * digest.partSizeBytes();
        long length = Math.min(digest.partSizeBytes(), digest.sizeBytes() - offset);
        int partNumber = index + 1;
        String eTag = retrier.call("put", key, attempt -> s3.uploadPart(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).partNumber(partNumber).contentLength(length)
                .contentMD5(digest.partMd5Base64(index)), body(file, offset, length)).eTag());
        return CompletedPart.builder().partNumber(partNumber).eTag(eTag).build();
    }

    /** Aborts the multipart uploads under {@code prefix} that were never completed; returns how many. */
    int abortUnfinished(String prefix) {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        do {
            String keyAfter = keyMarker;
            String uploadAfter = uploadIdMarker;
            ListMultipartUploadsResponse page = retrier.call("abort", prefix, attempt -> s3.listMultipartUploads(
                    b -> b.bucket(bucket).prefix(prefix).keyMarker(keyAfter).uploadIdMarker(uploadAfter)));
            for (MultipartUpload upload : page.uploads()) {
                retrier.call("abort", upload.key(), attempt -> {
                    try {
                        return s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    } catch (NoSuchUploadException alreadyGone) {
                        return null;
                    }
                });
                aborted++;
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            uploadIdMarker = more ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return aborted;
    }

    private void abort(String key, String uploadId, RuntimeException failed) {
        try {
            retrier.call("put", key, attempt -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
        } catch (RuntimeException abortFailed) {
            failed.addSuppressed(abortFailed);
        }
    }

    private static RequestBody body(Path file, long offset, long length) {
        return RequestBody.fromContentProvider(() -> {
            try {
                return new FileRangeStream(file, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, length, "application/octet-stream");
    }
}
