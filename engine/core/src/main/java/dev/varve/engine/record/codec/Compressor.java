package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;

/**
 * Compresses a batch's record section into one stream framed exactly as Apache Kafka frames it for
 * its codec, so Kafka's consumers and brokers decompress it.
 *
 * <p>One compressor keeps its native context and scratch buffers for its whole life: reusing it
 * across batches is what makes building a compressed batch run close to the raw codec's speed.
 * Not thread-safe; one per producing thread. {@link #close()} frees native memory.
 */
public interface Compressor extends AutoCloseable {

    /** The codec this compressor writes. */
    CompressionCodec codec();

    /** The most bytes {@link #compress} can write for {@code sourceBytes} bytes of input. */
    int maxCompressedLength(int sourceBytes);

    /**
     * Compresses {@code source}'s remaining bytes into one framed stream written at
     * {@code target}'s position. {@code source}'s position moves to its limit and
     * {@code target}'s position moves past the stream. Direct and heap buffers both work.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException if {@code target} has fewer than
     *     {@link #maxCompressedLength(int)} bytes remaining
     */
    int compress(ByteBuffer source, ByteBuffer target);

    /** Frees the native context. Idempotent. */
    @Override
    void close();
}
