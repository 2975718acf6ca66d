package dev.varve.compaction;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 16-byte MD5 digest of a record key, as Kafka's {@code SkimpyOffsetMap} hashes keys. MD5 is no
 * longer a cryptographic hash, but here it only has to spread keys and make an accidental collision
 * between two distinct keys (which would silently drop the older key's latest value) negligible:
 * 2^-128 per pair, against adversarial keys too in practice, and it keeps our maps comparable with
 * Kafka's. Every JDK ships it ({@link MessageDigest} guarantees MD5).
 *
 * <p>Allocation-free after warm-up: the digest is written into one reused array; the view over the
 * key's buffer is re-made only when the caller's buffer object changes. Not thread-safe.
 */
final class KeyDigest {
    static final int SIZE = 16;

    private final MessageDigest md5;
    private final byte[] out = new byte[SIZE];
    private final ByteBuffer outView = ByteBuffer.wrap(out);
    private ByteBuffer source;
    private ByteBuffer view;

    KeyDigest() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide MD5", e);
        }
    }

    /** Digests {@code length} bytes of {@code buffer} from index {@code offset}; read with {@link #high()}/{@link #low()}. */
    void digest(ByteBuffer buffer, int offset, int length) {
        if (buffer != source) {
            source = buffer;
            view = buffer.duplicate();
        }
        view.limit(view.capacity()).position(offset).limit(offset + length);
        md5.update(view);
        try {
            md5.digest(out, 0, SIZE);
        } catch (DigestException e) {
            throw new IllegalStateException("MD5 digest of 16 bytes failed", e);
        }
    }

    /** Bytes 0..7 of the last digest. */
    long high() {
        return outView.getLong(0);
    }

    /** Bytes 8..15 of the last digest. */
    long low() {
        return outView.getLong(8);
    }
}
