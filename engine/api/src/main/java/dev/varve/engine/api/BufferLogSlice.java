package dev.varve.engine.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Batches held in a buffer the slice owns (the bytes between its position and limit), for engines and
 * tiers that serve reads from memory: the memory engine, remote reads. Stays valid as long as nobody
 * writes to the buffer, whatever happens to the log afterwards. Thread-safe: every call works on its own
 * duplicate.
 */
public final class BufferLogSlice implements LogSlice {
    /** A slice of no bytes. */
    public static final BufferLogSlice EMPTY = new BufferLogSlice(ByteBuffer.allocate(0).asReadOnlyBuffer());

    private final ByteBuffer bytes;

    /** @param bytes whole batches between position and limit; the caller no longer writes to it */
    public BufferLogSlice(ByteBuffer bytes) {
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
