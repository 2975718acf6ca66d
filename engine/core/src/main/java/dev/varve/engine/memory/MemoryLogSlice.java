package dev.varve.engine.memory;

import dev.varve.engine.api.LogSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Whole batches from the memory engine: a read-only buffer that the slice owns (one batch is served as a
 * view of the stored bytes, several are copied into one buffer). Stays valid forever, since stored batches
 * are never modified. Thread-safe: every call works on its own duplicate.
 */
final class MemoryLogSlice implements LogSlice {
    static final MemoryLogSlice EMPTY = new MemoryLogSlice(ByteBuffer.allocate(0).asReadOnlyBuffer());

    private final ByteBuffer bytes;

    private MemoryLogSlice(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    static MemoryLogSlice of(List<StoredBatch> batches, int totalBytes) {
        if (batches.isEmpty()) {
            return EMPTY;
        }
        if (batches.size() == 1) {
            return new MemoryLogSlice(batches.get(0).bytes().duplicate());
        }
        ByteBuffer joined = ByteBuffer.allocate(totalBytes);
        for (StoredBatch batch : batches) {
            joined.put(batch.bytes().duplicate());
        }
        return new MemoryLogSlice(joined.flip().asReadOnlyBuffer());
    }

    @Override
    public int sizeInBytes() {
        return bytes.limit();
    }

    @Override
    public long writeTo(WritableByteChannel target, long position) throws IOException {
        if (position < 0 || position > bytes.limit()) {
            throw new IndexOutOfBoundsException("position=" + position + ", sizeInBytes=" + bytes.limit());
        }
        ByteBuffer source = bytes.duplicate();
        source.position((int) position);
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

    @Override
    public String toString() {
        return "MemoryLogSlice(sizeInBytes=" + bytes.limit() + ")";
    }
}
