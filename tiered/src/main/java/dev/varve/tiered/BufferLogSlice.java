package dev.varve.tiered;

import dev.varve.engine.api.LogSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Batches read from a remote segment: a read-only buffer the slice owns, so it stays valid after the
 * segment is deleted remotely. Thread-safe: every call works on its own duplicate.
 */
final class BufferLogSlice implements LogSlice {
    static final BufferLogSlice EMPTY = new BufferLogSlice(ByteBuffer.allocate(0).asReadOnlyBuffer());

    private final ByteBuffer bytes;

    BufferLogSlice(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    @Override
    public int sizeInBytes() {
        return bytes.remaining();
    }

    @Override
    public long writeTo(WritableByteChannel target, long position) throws IOException {
        if (position < 0 || position > bytes.remaining()) {
            throw new IndexOutOfBoundsException("position=" + position + ", sizeInBytes=" + bytes.remaining());
        }
        ByteBuffer source = bytes.duplicate();
        source.position(source.position() + (int) position);
        return target.write(source);
    }

    @Override
    public ByteBuffer toBuffer() {
        return bytes.duplicate();
    }

    @Override
    public void readInto(ByteBuffer target) {
        target.put(bytes.duplicate());
    }
}
