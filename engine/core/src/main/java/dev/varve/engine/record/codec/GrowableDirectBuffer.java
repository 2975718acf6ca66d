package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;

/**
 * One reusable direct buffer that grows by doubling and never shrinks: a decompressor's bounded
 * output, or a staging copy for codec entry points that need direct memory.
 *
 * <p>As output ({@link #startOutput}), it never holds more than the call's {@code maxBytes}: growth
 * stops at that bound, and a stream that still produces bytes once the bound is full is reported
 * as {@code DECOMPRESSED_TOO_LARGE}, detected through a one-byte probe rather than a larger buffer.
 * Once grown, the buffer is reused by every later call, so steady-state calls do not allocate.
 * Not thread-safe; owned by one compressor or decompressor.
 */
final class GrowableDirectBuffer {
    /** The first capacity, unless the bound is smaller. */
    static final int INITIAL_CAPACITY = 64 * 1024;

    private final CompressionCodec codec;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    private ByteBuffer probe;
    private int maxBytes;

    GrowableDirectBuffer(CompressionCodec codec) {
        this.codec = codec;
    }

    /** Empties the buffer to receive at most {@code maxBytes} bytes: position 0, limit within the bound. */
    ByteBuffer startOutput(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is negative");
        }
        this.maxBytes = maxBytes;
        buffer.clear();
        buffer.limit(Math.min(buffer.capacity(), maxBytes));
        return buffer;
    }

    /** The output buffer with room for {@code bytes} more bytes after its position, grown if needed. */
    ByteBuffer ensureRoom(int bytes, long sourcePosition) {
        long needed = (long) buffer.position() + bytes;
        if (needed > maxBytes) {
            throw CodecErrors.tooLarge(codec, sourcePosition, needed, maxBytes);
        }
        if (needed > buffer.limit()) {
            grow(needed, maxBytes);
        }
        return buffer;
    }

    /**
     * Where a streaming decoder writes next: the output buffer, grown by doubling when full, or once it
     * holds {@code maxBytes}, an empty one-byte probe that {@link #checkProbe} then inspects.
     */
    ByteBuffer roomOrProbe() {
        if (buffer.hasRemaining()) {
            return buffer;
        }
        if (buffer.position() < maxBytes) {
            grow(buffer.position() + 1L, maxBytes);
            return buffer;
        }
        if (probe == null) {
            probe = ByteBuffer.allocateDirect(1);
        }
        probe.clear();
        return probe;
    }

    /** Throws {@code DECOMPRESSED_TOO_LARGE} if a decoder wrote into the probe. */
    void checkProbe(long sourcePosition) {
        if (probe != null && probe.position() > 0) {
            probe.clear();
            throw CodecErrors.tooLarge(codec, sourcePosition, maxBytes + 1L, maxBytes);
        }
    }

    /** The output written so far, from position 0 to its limit. */
    ByteBuffer finishOutput() {
        buffer.flip();
        return buffer;
    }

    /** The output buffer itself, position = bytes written. */
    ByteBuffer output() {
        return buffer;
    }

    /** An empty buffer (position 0) with room for at least {@code bytes} bytes: scratch or staging. */
    ByteBuffer scratch(int bytes) {
        buffer.clear();
        if (bytes > buffer.capacity()) {
            grow(bytes, Integer.MAX_VALUE);
        }
        buffer.clear();
        return buffer;
    }

    /**
     * A direct copy of {@code source}'s remaining bytes at position 0 to the limit; {@code source}'s
     * position is left unchanged.
     */
    ByteBuffer stage(ByteBuffer source) {
        int position = source.position();
        ByteBuffer staged = scratch(source.remaining());
        staged.put(source);
        source.position(position);
        staged.flip();
        return staged;
    }

    /** Drops the buffers; memory returns when the collector frees them. */
    void release() {
        buffer = ByteBuffer.allocateDirect(0);
        probe = null;
    }

    private void grow(long needed, int bound) {
        long capacity = Math.max(INITIAL_CAPACITY, buffer.capacity() * 2L);
        while (capacity < needed) {
            capacity *= 2;
        }
        capacity = Math.min(capacity, bound);
        ByteBuffer grown = ByteBuffer.allocateDirect((int) capacity);
        int position = buffer.position();
        buffer.flip();
        grown.put(buffer);
        grown.position(position);
        grown.limit(Math.min((int) capacity, bound));
        buffer = grown;
    }
}
