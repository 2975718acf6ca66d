package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;

/** The buffer shapes callers hand a codec, and helpers to run a codec over byte arrays with them. */
public enum Buffers {
    HEAP, DIRECT, HEAP_SOURCE_DIRECT_TARGET, DIRECT_SOURCE_HEAP_TARGET, SLICED_HEAP, READ_ONLY_SOURCE;

    /** {@code bytes} as a source buffer of this shape: position at the first byte, limit after the last. */
    public ByteBuffer source(byte[] bytes) {
        switch (this) {
            case DIRECT:
            case DIRECT_SOURCE_HEAP_TARGET:
                return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            case SLICED_HEAP:
                return offsetHeap(bytes);
            case READ_ONLY_SOURCE:
                return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            default:
                return ByteBuffer.wrap(bytes);
        }
    }

    /** An empty target of this shape with {@code capacity} bytes remaining. */
    public ByteBuffer target(int capacity) {
        switch (this) {
            case DIRECT:
            case HEAP_SOURCE_DIRECT_TARGET:
                return ByteBuffer.allocateDirect(capacity);
            case SLICED_HEAP:
                ByteBuffer slice = ByteBuffer.allocate(capacity + 10).position(3).slice();
                return slice.position(2).limit(2 + capacity);
            default:
                return ByteBuffer.allocate(capacity);
        }
    }

    /** A heap buffer whose array offset and position are both non-zero, with junk around the bytes. */
    private static ByteBuffer offsetHeap(byte[] bytes) {
        byte[] padded = new byte[bytes.length + 20];
        java.util.Arrays.fill(padded, (byte) 0x5A);
        System.arraycopy(bytes, 0, padded, 12, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(padded).position(5).slice();
        return slice.position(7).limit(7 + bytes.length);
    }

    /** Compresses {@code data} with {@code compressor} through buffers of this shape, checking the buffer contract. */
    public byte[] compress(Compressor compressor, byte[] data) {
        ByteBuffer source = source(data);
        ByteBuffer target = target(compressor.maxCompressedLength(data.length));
        int start = target.position();
        int written = compressor.compress(source, target);
        if (source.hasRemaining() || target.position() != start + written) {
            throw new AssertionError("compress broke the buffer contract: source " + source + ", target " + target);
        }
        byte[] out = new byte[written];
        target.get(start, out);
        return out;
    }

    /** Decompresses {@code stream} through a source of this shape, checking the source is left unchanged. */
    public byte[] decompress(Decompressor decompressor, byte[] stream, int maxBytes) {
        ByteBuffer source = source(stream);
        int position = source.position();
        int limit = source.limit();
        ByteBuffer out = decompressor.decompress(source, maxBytes);
        if (source.position() != position || source.limit() != limit) {
            throw new AssertionError("decompress moved the source: " + source);
        }
        if (out.position() != 0) {
            throw new AssertionError("decompressed view does not start at 0: " + out);
        }
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
