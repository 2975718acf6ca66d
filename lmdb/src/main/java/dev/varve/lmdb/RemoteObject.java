package dev.varve.lmdb;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One object of a remote segment in the object store: its key, and once the upload finished its size and
 * checksum. A pending object ({@link #pending(String)}) has size {@value #UNKNOWN_SIZE} and an empty checksum;
 * the store records pending objects when an upload starts, so that an upload that never finishes leaves
 * keys to clean, never an object nobody knows about.
 *
 * <p>The checksum is opaque text chosen by the uploader, by convention {@code algorithm:hex}
 * (e.g. {@code crc32c:1a2b3c4d}); the store keeps it byte for byte. Immutable.
 *
 * @param key        the object key, 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8
 * @param sizeBytes  the object's size, or {@value #UNKNOWN_SIZE} while pending
 * @param checksum   the object's checksum as printable ASCII of at most {@value #MAX_CHECKSUM_BYTES}
 *                   bytes, or empty while pending
 */
public record RemoteObject(String key, long sizeBytes, String checksum) {
    /** The size of an object whose upload has not finished. */
    public static final long UNKNOWN_SIZE = -1;
    /** The longest key, in UTF-8 bytes (S3 allows 1024). */
    public static final int MAX_KEY_BYTES = 1024;
    /** The longest checksum text, in bytes. */
    public static final int MAX_CHECKSUM_BYTES = 255;

    /**
     * @throws IllegalArgumentException when the key is empty or too long, the size is below -1, the checksum is
     *                                  not printable ASCII or too long, or exactly one of size and checksum is known
     */
    public RemoteObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(checksum, "checksum");
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes == 0 || keyBytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("object key must be 1 to " + MAX_KEY_BYTES + " UTF-8 bytes: key=" + key);
        }
        if (checksum.length() > MAX_CHECKSUM_BYTES || !checksum.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("checksum must be at most " + MAX_CHECKSUM_BYTES
                    + " printable ASCII characters: key=" + key + ", checksum=" + checksum);
        }
        if (sizeBytes < UNKNOWN_SIZE || (sizeBytes == UNKNOWN_SIZE) != checksum.isEmpty()) {
            throw new IllegalArgumentException("an object has both a size (>= 0) and a checksum, or neither: key="
                    + key + ", sizeBytes=" + sizeBytes + ", checksum=" + checksum);
        }
    }

    /** An object whose upload has not finished: its key only. */
    public static RemoteObject pending(String key) {
        return new RemoteObject(key, UNKNOWN_SIZE, "");
    }

    /** Whether size and checksum are known, i.e. the object was uploaded whole. */
    public boolean isComplete() {
        return sizeBytes != UNKNOWN_SIZE;
    }
}
