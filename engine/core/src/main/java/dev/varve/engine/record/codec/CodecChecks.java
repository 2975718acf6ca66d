package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;

/** Argument and state checks shared by every codec: misuse is an unchecked exception, never corruption. */
final class CodecChecks {
    private CodecChecks() {
    }

    static void checkOpen(boolean closed, CompressionCodec codec) {
        if (closed) {
            throw new IllegalStateException(codec.configName() + " codec is closed");
        }
    }

    static int checkSourceBytes(int sourceBytes) {
        if (sourceBytes < 0) {
            throw new IllegalArgumentException("sourceBytes " + sourceBytes + " is negative");
        }
        return sourceBytes;
    }

    /** A bound computed in long arithmetic, as an int, or IllegalArgumentException if it does not fit. */
    static int toIntBound(long bound, int sourceBytes) {
        if (bound > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sourceBytes " + sourceBytes + " is too large to compress in one buffer");
        }
        return (int) bound;
    }

    static void checkTarget(ByteBuffer target, int maxCompressedLength) {
        if (target.remaining() < maxCompressedLength) {
            throw new IllegalArgumentException("target has " + target.remaining()
                    + " bytes remaining, fewer than maxCompressedLength " + maxCompressedLength);
        }
    }

    /** Writes {@code value} little-endian at {@code index} without touching the buffer's order or position. */
    static void putIntLE(ByteBuffer buffer, int index, int value) {
        buffer.put(index, (byte) value);
        buffer.put(index + 1, (byte) (value >>> 8));
        buffer.put(index + 2, (byte) (value >>> 16));
        buffer.put(index + 3, (byte) (value >>> 24));
    }

    /** Reads a little-endian int at {@code index} without touching the buffer's order or position. */
    static int getIntLE(ByteBuffer buffer, int index) {
        return (buffer.get(index) & 0xFF)
                | (buffer.get(index + 1) & 0xFF) << 8
                | (buffer.get(index + 2) & 0xFF) << 16
                | (buffer.get(index + 3) & 0xFF) << 24;
    }

    /** Writes {@code value} big-endian at {@code index} without touching the buffer's order or position. */
    static void putIntBE(ByteBuffer buffer, int index, int value) {
        buffer.put(index, (byte) (value >>> 24));
        buffer.put(index + 1, (byte) (value >>> 16));
        buffer.put(index + 2, (byte) (value >>> 8));
        buffer.put(index + 3, (byte) value);
    }

    /** Reads a big-endian int at {@code index} without touching the buffer's order or position. */
    static int getIntBE(ByteBuffer buffer, int index) {
        return (buffer.get(index) & 0xFF) << 24
                | (buffer.get(index + 1) & 0xFF) << 16
                | (buffer.get(index + 2) & 0xFF) << 8
                | (buffer.get(index + 3) & 0xFF);
    }
}
