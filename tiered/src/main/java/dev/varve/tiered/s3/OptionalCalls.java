package dev.varve.tiered.s3;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The S3 calls and features {@link S3RemoteStore} can do without, and which of them this store lacks. The
 * first answer that says one is not implemented ({@link S3Failures#isNotImplemented}) marks it missing for
 * the life of the store and logs one warning saying what falls back; later uses skip it without a request.
 * Thread-safe: two racing first uses may both send the request, the warning is still logged once.
 */
final class OptionalCalls {
    /** A call or feature the store may lack, with what Varve does without it. */
    enum Feature {
        /** ListMultipartUploads: finding the unfinished uploads a crash left. */
        LIST_MULTIPART_UPLOADS("ListMultipartUploads", "unfinished multipart uploads a crash left cannot be found "
                + "and aborted; uploads stay correct (an S3 lifecycle rule AbortIncompleteMultipartUpload cleans them)"),
        /** AbortMultipartUpload: freeing the parts of a multipart upload that failed. */
        ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", "parts of a failed multipart upload stay until the store expires "
                + "them; uploads stay correct"),
        /** CreateMultipartUpload and its parts: uploads in parts. */
        MULTIPART_UPLOAD("CreateMultipartUpload", "every file goes up in one PutObject (S3 takes up to 5 GiB in one)"),
        /** ListObjectsV2: listing by continuation token. */
        LIST_OBJECTS_V2("ListObjectsV2", "objects are listed with ListObjects (version 1, by marker)"),
        /** User metadata ({@code x-amz-meta-*}) kept with objects: the CRC-32C written at upload. */
        OBJECT_METADATA("x-amz-meta-" + S3Uploader.CRC32C_METADATA, "uploads are checked by size, Content-MD5 and "
                + "ETag, and reads by the CRC-32C the metadata store recorded, not by the object's own");

        private final String call;
        private final String fallback;

        Feature(String call, String fallback) {
            this.call = call;
            this.fallback = fallback;
        }
    }

    private static final Logger LOG = Logger.getLogger(OptionalCalls.class.getName());

    private final String endpoint;
    private final Set<Feature> missing = ConcurrentHashMap.newKeySet();

    /** {@code endpoint} names the store in the warnings. */
    OptionalCalls(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Whether the store may have {@code feature}: not yet seen to lack it. */
    boolean supported(Feature feature) {
        return !missing.contains(feature);
    }

    /**
     * Marks {@code feature} missing if {@code failure} says the store does not implement it.
     *
     * @return whether it did: the caller then falls back; otherwise it rethrows {@code failure}
     */
    boolean missingAfter(Feature feature, RuntimeException failure) {
        if (!S3Failures.isNotImplemented(failure)) {
            return false;
        }
        markMissing(feature, S3Failures.describe(failure.getCause() == null ? failure : failure.getCause()));
        return true;
    }

    /** Records that the store lacks {@code feature} ({@code evidence} says how it showed), warning once. */
    void markMissing(Feature feature, String evidence) {
        if (missing.add(feature)) {
            LOG.warning(() -> "the S3 store at " + endpoint + " does not support " + feature.call + " (" + evidence
                    + "): " + feature.fallback);
        }
    }
}
