package dev.varve.tiered.s3;

import dev.varve.tiered.RemoteObjectCorruptException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads {@code [position, position + length)} of an object with ranged GETs. Each answer is checked: its
 * {@code Content-Range} must start where asked and cover what is left of the range (or end with the
 * object), and the body must carry exactly that many bytes. A failed attempt resumes after the bytes
 * already delivered, so nothing is written twice. A range that covers the whole object is also checked
 * against the CRC-32C kept in the object's metadata. One instance per read; not thread-safe.
 */
final class S3RangeReader {
    /** Where the bytes go: a buffer or a channel. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private static final int CHUNK_BYTES = 64 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long position;
    private final long length;
    private final Sink sink;
    private final CRC32C crc = new CRC32C();
    private long delivered;
    private long objectSize = -1;
    private String storedCrc;

    S3RangeReader(S3Client s3, String bucket, String key, long position, long length, Sink sink) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.position = position;
        this.length = length;
        this.sink = sink;
    }

    /** Reads the range through {@code retrier}; returns the bytes delivered, or -1 at or past the end. */
    long read(Retrier retrier) {
        if (length == 0) {
            return 0;
        }
        boolean pastEnd = retrier.call("read", key, attempt -> attempt());
        if (pastEnd) {
            return -1;
        }
        if (position == 0 && delivered == objectSize && storedCrc != null
                && !storedCrc.equals(FileDigest.crc32cHex(crc.getValue()))) {
            throw new RemoteObjectCorruptException("read", key, position,
                    "crc32c=" + FileDigest.crc32cHex(crc.getValue()) + ", stored=" + storedCrc + ", bytes=" + delivered);
        }
        return delivered;
    }

    /** One GET for what is left; true when the range starts at or past the end of the object. */
    private boolean attempt() throws IOException, IntegrityFailure {
        long from = position + delivered;
        String range = "bytes=" + from + "-" + (from + (length - delivered) - 1);
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = s3.getObject(b -> b.bucket(bucket).key(key).range(range));
        } catch (S3Exception e) {
            if (e.statusCode() == 416 && delivered == 0) {
                return true;
            }
            throw e;
        }
        try (InputStream in = body) {
            long expected = checkRange(body.response(), from);
            copy(in, expected, from);
        }
        return false;
    }

    /** Checks the answer's range against the request; returns how many bytes the body must carry. */
    private long checkRange(GetObjectResponse response, long from) throws IntegrityFailure {
        String contentRange = response.contentRange();
        long first;
        long last;
        long total;
        if (contentRange == null) {
            // A store that ignores Range sends the whole object: acceptable only when that is what was asked.
            first = 0;
            total = response.contentLength() == null ? -1 : response.contentLength();
            last = total - 1;
        } else {
            try {
                int dash = contentRange.indexOf('-');
                int slash = contentRange.indexOf('/');
                first = Long.parseLong(contentRange.substring("bytes ".length(), dash));
                last = Long.parseLong(contentRange.substring(dash + 1, slash));
                total = Long.parseLong(contentRange.substring(slash + 1));
            } catch (RuntimeException e) {
                throw new IntegrityFailure(from, "unreadable Content-Range '" + contentRange + "'");
            }
        }
        long wantedLast = Math.min(position + length, total) - 1;
        if (first != from || last != wantedLast || objectSize >= 0 && total != objectSize) {
            throw new IntegrityFailure(from, "answer covers bytes " + first + "-" + last + "/" + total
                    + ", asked " + from + "-" + wantedLast);
        }
        objectSize = total;
        storedCrc = response.metadata().get(S3Uploader.CRC32C_METADATA);
        return wantedLast + 1 - from;
    }

    private void copy(InputStream in, long expected, long from) throws IOException, IntegrityFailure {
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(expected, 1))];
        long copied = 0;
        while (copied < expected) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, expected - copied));
            if (n < 0) {
                throw new IntegrityFailure(from, "body ended after " + copied + " of " + expected + " bytes");
            }
            if (position == 0) {
                crc.update(chunk, 0, n);
            }
            sink.write(chunk, 0, n);
            copied += n;
            delivered += n;
        }
    }
}
