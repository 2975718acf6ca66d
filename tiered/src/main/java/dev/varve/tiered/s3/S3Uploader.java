package dev.varve.tiered.s3;

import dev.varve.tiered.RemoteStoreRejectedException;
import dev.varve.tiered.s3.OptionalCalls.Feature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * so the store refuses bytes damaged on the way (400 BadDigest, retried), and is retried on its own; a
 * multipart upload that fails is aborted (best effort: a crash can still leave one, which
 * {@link #abortUnfinished} or an S3 lifecycle rule cleans up). Multipart uploads, listing and aborting them
 * are {@link OptionalCalls}: a store that does not implement them gets single PUTs, and no orphan cleanup
 * of unfinished uploads. Checking the result is the caller's ({@link S3RemoteStore#put}). Thread-safe.
 */
final class S3Uploader {
    /** User metadata key of the whole object's CRC-32C ({@code x-amz-meta-varve-crc32c}, 8 hex digits). */
    static final String CRC32C_METADATA = "varve-crc32c";

    private final S3Client s3;
    private final String bucket;
    private final Retrier retrier;
    private final long thresholdBytes;
    private final long partSizeBytes;
    private final OptionalCalls optional;

    S3Uploader(S3Client s3, S3StoreConfig config, Retrier retrier, OptionalCalls optional) {
        this.s3 = s3;
        this.optional = optional;
        this.bucket = config.bucket();
        this.retrier = retrier;
        this.thresholdBytes = config.multipartThresholdBytes();
        this.partSizeBytes = config.multipartPartSizeBytes();
    }

    /** Whether a file of {@code sizeBytes} goes up in parts. */
    boolean isMultipart(long sizeBytes) {
        return sizeBytes >= thresholdBytes && optional.supported(Feature.MULTIPART_UPLOAD);
    }

    /** The digest an upload of {@code file} to {@code key} is checked against. */
    FileDigest digest(String key, Path file) {
        try {
            long sizeBytes = Files.size(file);
            return FileDigest.of(file, sizeBytes, isMultipart(sizeBytes) ? partSizeBytes : Math.max(sizeBytes, 1));
        } catch (IOException e) {
            throw new RemoteStoreRejectedException("put", key, 0, "file=" + file + " cannot be read: " + e, e);
        }
    }

    /**
     * Uploads the file under {@code key}; returns once the store acknowledged the last request, with the
     * ETag it gave the object, or null when that answer was lost (a completion retried after it succeeded).
     */
    String upload(String key, Path file, FileDigest digest) {
        Map<String, String> metadata = Map.of(CRC32C_METADATA, digest.crc32cHex());
        if (digest.partCount() == 1) {
            return retrier.call("put", key, attempt -> s3.putObject(b -> b.bucket(bucket).key(key)
                    .contentLength(digest.sizeBytes()).contentMD5(digest.partMd5Base64(0)).metadata(metadata),
                    body(file, 0, digest.sizeBytes())).eTag());
        }
        String uploadId;
        try {
            uploadId = retrier.call("put", key, attempt -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                    .metadata(metadata)).uploadId());
        } catch (RemoteStoreRejectedException e) {
            if (!optional.missingAfter(Feature.MULTIPART_UPLOAD, e)) {
                throw e;
            }
            return upload(key, file, digest(key, file));
        }
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

    /**
     * Aborts the multipart uploads under {@code prefix} that were never completed; returns how many (0 without
     * a request once the store showed it cannot list or abort them).
     */
    int abortUnfinished(String prefix) {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        do {
            if (!optional.supported(Feature.LIST_MULTIPART_UPLOADS) || !optional.supported(Feature.ABORT_MULTIPART_UPLOAD)) {
                return aborted;
            }
            ListMultipartUploadsResponse page = listUploads(prefix, keyMarker, uploadIdMarker);
            if (page == null) {
                return aborted;
            }
            for (MultipartUpload upload : page.uploads()) {
                if (!abortOrphan(upload)) {
                    return aborted;
                }
                aborted++;
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            uploadIdMarker = more ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return aborted;
    }

    /** One page of the unfinished uploads under {@code prefix}, or null when the store cannot list them. */
    private ListMultipartUploadsResponse listUploads(String prefix, String keyMarker, String uploadIdMarker) {
        try {
            return retrier.call("list uploads", prefix, attempt -> s3.listMultipartUploads(
                    b -> b.bucket(bucket).prefix(prefix).keyMarker(keyMarker).uploadIdMarker(uploadIdMarker)));
        } catch (RemoteStoreRejectedException e) {
            if (optional.missingAfter(Feature.LIST_MULTIPART_UPLOADS, e)) {
                return null;
            }
            throw e;
        }
    }

    /** Aborts one unfinished upload; false when the store cannot abort uploads. */
    private boolean abortOrphan(MultipartUpload upload) {
        try {
            retrier.call("abort upload", upload.key(), attempt -> {
                try {
                    return s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                } catch (NoSuchUploadException alreadyGone) {
                    return null;
                }
            });
            return true;
        } catch (RemoteStoreRejectedException e) {
            if (optional.missingAfter(Feature.ABORT_MULTIPART_UPLOAD, e)) {
                return false;
            }
            throw e;
        }
    }

    private void abort(String key, String uploadId, RuntimeException failed) {
        if (!optional.supported(Feature.ABORT_MULTIPART_UPLOAD)) {
            return;
        }
        try {
            retrier.call("abort upload", key, attempt -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
        } catch (RemoteStoreRejectedException abortFailed) {
            if (!optional.missingAfter(Feature.ABORT_MULTIPART_UPLOAD, abortFailed)) {
                failed.addSuppressed(abortFailed);
            }
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
