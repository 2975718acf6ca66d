package dev.varve.engine.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Whole record batches read from a partition log, ready to send: Kafka v2 batch bytes, starting at a
 * batch boundary and ending at one. A file-backed slice sends with {@code FileChannel.transferTo}
 * (zero copy). A slice stays valid until the log under it is truncated, has its start advanced past
 * it, or is closed.
 */
public interface LogSlice {

    /** Bytes in the slice. */
    int sizeInBytes();

    /**
     * Writes bytes {@code [position, sizeInBytes())} of the slice to {@code target}.
     *
     * @return bytes written, which may be fewer than asked for a non-blocking target
     */
    long writeTo(WritableByteChannel target, long position) throws IOException;

    /** The bytes as a read-only buffer (a view where the engine can, a new copy otherwise). */
    ByteBuffer toBuffer();

    /**
     * Copies the whole slice into {@code target} at its position, which moves past the bytes: the way to
     * read into one reused (direct) buffer instead of a new one per read.
     *
     * @throws java.nio.BufferOverflowException when {@code target} has fewer than {@link #sizeInBytes()}
     *     bytes remaining; nothing is copied then
     */
    void readInto(ByteBuffer target);
}
