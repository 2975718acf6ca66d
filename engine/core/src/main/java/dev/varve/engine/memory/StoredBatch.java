package dev.varve.engine.memory;

import java.nio.ByteBuffer;

/**
 * One validated batch as the memory engine keeps it: its bytes (read-only, position 0, never changed
 * after the append) and the header fields reads and lookups need without parsing.
 */
record StoredBatch(long baseOffset, long lastOffset, long maxTimestamp, ByteBuffer bytes) {

    long nextOffset() {
        return lastOffset + 1;
    }

    int sizeInBytes() {
        return bytes.limit();
    }
}
