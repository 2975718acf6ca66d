package dev.varve.tiered.s3;

import dev.varve.tiered.RemoteBucketNotFoundException;
import dev.varve.tiered.RemoteObjectNotFoundException;
import dev.varve.tiered.RemoteStoreException;
import dev.varve.tiered.RemoteStoreRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Sorts what the S3 client throws: retriable (throttling such as 503 SlowDown or 429, 500, 502, 504,
 * S3's 400 RequestTimeout, timeouts, connection resets and other I/O failures, integrity failures) or
 * final, and turns final ones into the typed {@link RemoteStoreException}s: 404 NoSuchKey is
 * {@link RemoteObjectNotFoundException}, 404 NoSuchBucket {@link RemoteBucketNotFoundException}, every other
 * refusal {@link RemoteStoreRejectedException}. Also tells an answer that means "this store does not
 * implement that call" ({@link #isNotImplemented}), which optional calls tolerate.
 */
final class S3Failures {
    /** HTTP statuses that mean "try again": the store is overloaded or had a passing fault. */
    private static final Set<Integer> RETRIABLE_STATUSES = Set.of(429, 500, 502, 503, 504);
    /** Error codes of 4xx answers that are transient all the same. */
    private static final Set<String> RETRIABLE_CODES = Set.of("RequestTimeout", "SlowDown", "Throttling");
    /** Error codes saying the bytes that arrived were not the bytes sent: integrity, retried. */
    private static final Set<String> DIGEST_CODES = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch");
    /** Words in the error codes of stores that answer an unknown call with 400 rather than 501. */
    private static final Set<String> NOT_IMPLEMENTED_WORDS = Set.of("notimplemented", "notsupported", "unsupported");

    private S3Failures() {
    }

    static boolean isRetriable(Throwable failure) {
        if (failure instanceof IntegrityFailure) {
            return true;
        }
        if (failure instanceof SdkServiceException service) {
            String code = errorCode(service);
            return service.isThrottlingException() || RETRIABLE_STATUSES.contains(service.statusCode())
                    || RETRIABLE_CODES.contains(code) || isDigestMismatch(service, code);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException
                    || t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the store says the bytes it received do not match their digest: S3's codes, or a 400 whose
     * message names Content-MD5 (S3Mock 4.11 answers {@code 400 BadRequest "Content-MD5 does not match
     * object md5"} where S3 answers {@code BadDigest}).
     */
    private static boolean isDigestMismatch(SdkServiceException service, String code) {
        String message = service.getMessage() == null ? "" : service.getMessage().toLowerCase(Locale.ROOT);
        return DIGEST_CODES.contains(code) || service.statusCode() == 400 && message.contains("content-md5");
    }

    /** The typed exception for a failure that is not retried, on {@code bucket}. */
    static RemoteStoreException fatal(String bucket, String operation, String key, Exception failure) {
        if (failure instanceof NoSuchKeyException) {
            return new RemoteObjectNotFoundException(operation, key, failure);
        }
        int status = failure instanceof SdkServiceException service ? service.statusCode() : 0;
        if (failure instanceof SdkServiceException service && "NoSuchBucket".equals(errorCode(service))) {
            return new RemoteBucketNotFoundException(bucket, operation, key, status, describe(failure), failure);
        }
        return new RemoteStoreRejectedException(operation, key, status, describe(failure), failure);
    }

    /**
     * Whether {@code failure} (a refusal, or what caused one) says the store does not implement the call:
     * 501 (S3's {@code NotImplemented}), 405 {@code MethodNotAllowed}, or a 400 whose code says not
     * implemented or not supported, as some S3-compatible stores answer.
     */
    static boolean isNotImplemented(Throwable failure) {
        Throwable answer = failure instanceof RemoteStoreRejectedException ? failure.getCause() : failure;
        if (!(answer instanceof SdkServiceException service)) {
            return false;
        }
        String code = errorCode(service).toLowerCase(Locale.ROOT);
        return service.statusCode() == 501 || service.statusCode() == 405
                || service.statusCode() == 400 && NOT_IMPLEMENTED_WORDS.stream().anyMatch(code::contains);
    }

    /**
     * One line on a failure: {@code status=503, code=SlowDown, message=...} for an answer of the store, else
     * the exception's message with its innermost cause ({@code java.net.SocketTimeoutException: Read timed out}).
     */
    static String describe(Throwable failure) {
        if (failure instanceof SdkServiceException service) {
            return "status=" + service.statusCode() + ", code=" + errorCode(service)
                    + ", message=" + firstLine(service.getMessage());
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = firstLine(failure.getMessage());
        return root == failure ? message : message + " (" + root + ")";
    }

    /** The store's error code ({@code NoSuchBucket}, {@code SlowDown}, ...), or "" when it sent none. */
    static String errorCode(SdkServiceException service) {
        if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
