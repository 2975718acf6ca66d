package dev.varve.engine.record.codec;

import dev.varve.engine.api.CorruptRecordException;
import java.nio.ByteBuffer;

/**
 * Decompresses one record section framed as Apache Kafka frames it for its codec (Kafka's own
 * output and any other valid stream of the codec's framing), with a hard bound on output.
 *
 * <p>Hostile input is safe: a size declared inside the stream is never trusted for allocation, output
 * stops at the caller's bound, and every failure is a {@link CorruptRecordException}. The
 * decompressor keeps its native context and output buffer across calls. Not thread-safe.
 */
public interface Decompressor extends AutoCloseable {

    /** The codec this decompressor reads. */
    CompressionCodec codec();

    /**
     * Decompresses {@code source}'s remaining bytes, which must be exactly one framed stream (as
     * Kafka writes it; trailing garbage is an error only where Kafka's reader also rejects it).
     * {@code source}'s position is left unchanged.
     *
     * @param maxBytes the most decompressed bytes accepted; more is an error, not a larger buffer
     * @return a view of this decompressor's buffer holding the decompressed bytes from position 0
     *     to the limit, valid until the next call
     * @throws CorruptRecordException {@code BAD_COMPRESSED_DATA} when the stream is invalid or
     *     truncated, {@code DECOMPRESSED_TOO_LARGE} when it expands past {@code maxBytes}; the
     *     position is relative to {@code source}'s position
     */
    ByteBuffer decompress(ByteBuffer source, int maxBytes);

    /** Frees the native context and the output buffer. Idempotent. */
    @Override
    void close();
}
