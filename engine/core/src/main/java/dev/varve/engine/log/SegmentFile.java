package dev.varve.engine.log;

import dev.varve.engine.api.LogSlice;
import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A segment's {@code .log} file: record batches appended end to end through one {@link FileChannel},
 * read back as slices that send with {@code transferTo} (zero copy).
 *
 * <p>Guarantees: {@link #append} writes all its bytes or throws, having cut the file back to its size
 * before the append (best effort), and the size only moves past bytes written; {@link #flush()} is an fsync of data and metadata. After a crash the file may end in a torn
 * batch: recovery finds it with {@link dev.varve.engine.record.RecordBatchReader} and calls
 * {@link #truncateTo}. One appender, any number of concurrent readers (positional reads only).
 */
public final class SegmentFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private volatile int size;

    private SegmentFile(Path path, FileChannel channel, int size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code path} for appending, creating it if absent; the size is the file's length. */
    public static SegmentFile open(Path path) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long length = channel.size();
            if (length > Integer.MAX_VALUE) {
                channel.close();
                throw new LogStorageException("open", path.toString(),
                        new IOException("segment file larger than 2 GiB: " + length + " bytes"));
            }
            return new SegmentFile(path, channel, (int) length);
        } catch (IOException e) {
            throw new LogStorageException("open", path.toString(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Bytes in the file that readers may see. */
    public int sizeInBytes() {
        return size;
    }

    /**
     * Appends {@code batches} (position to limit, left unmoved) at the end of the file.
     *
     * @return the position the bytes start at
     */
    public int append(ByteBuffer batches) {
        int start = size;
        ByteBuffer source = batches.duplicate();
        long end = (long) start + source.remaining();
        if (end > Integer.MAX_VALUE) {
            throw new LogStorageException("append", path.toString(), new IOException("segment would pass 2 GiB"));
        }
        try {
            long position = start;
            while (source.hasRemaining()) {
                position += channel.write(source, position);
            }
        } catch (IOException e) {
            cutBackAfterFailedAppend(start, e);
            throw new LogStorageException("append", path.toString(), e);
        }
        size = (int) end;
        return start;
    }

    /**
     * Best effort after a failed append: cuts off whatever part of it reached the file (a short write
     * before ENOSPC or EFBIG), so a later append cannot land after garbage. A failure here is added to
     * {@code failure}: the size readers see never moved, and recovery cuts the tail at the next open.
     */
    private void cutBackAfterFailedAppend(int goodSize, IOException failure) {
        try {
            channel.truncate(goodSize);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reads {@code target.remaining()} bytes from {@code position} (or up to the end of the file) into
     * {@code target}; returns the bytes read.
     */
    public int read(ByteBuffer target, int position) {
        int wanted = Math.min(target.remaining(), size - position);
        if (wanted <= 0) {
            return 0;
        }
        ByteBuffer window = target.duplicate();
        window.limit(window.position() + wanted);
        try {
            int read = 0;
            while (read < wanted) {
                int n = channel.read(window, (long) position + read);
                if (n < 0) {
                    throw new IOException("file ended at " + (position + read) + " before its size " + size);
                }
                read += n;
            }
            target.position(target.position() + read);
            return read;
        } catch (IOException e) {
            throw new LogStorageException("read", path.toString(), e);
        }
    }

    /** A slice of {@code length} bytes from {@code position}, sent with {@code transferTo}. */
    public LogSlice slice(int position, int length) {
        if (position < 0 || length < 0 || (long) position + length > size) {
            throw new IllegalArgumentException("slice [" + position + ", +" + length + ") outside " + path + " of " + size + " bytes");
        }
        return new FileSlice(position, length);
    }

    /** Cuts the file to {@code newSize} bytes (no-op when it is not smaller); returns the bytes removed. */
    public int truncateTo(int newSize) {
        int removed = size - newSize;
        if (removed <= 0) {
            return 0;
        }
        try {
            channel.truncate(newSize);
        } catch (IOException e) {
            throw new LogStorageException("truncate", path.toString(), e);
        }
        size = newSize;
        return removed;
    }

    /** fsync of the file's data and metadata. */
    public void flush() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new LogStorageException("flush", path.toString(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new LogStorageException("close", path.toString(), e);
        }
    }

    /** Closes the file and removes it. */
    public void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new LogStorageException("delete", path.toString(), e);
        }
    }

    /** A region of this file, valid while the file is open and not truncated below it. */
    private final class FileSlice implements LogSlice {
        private final int position;
        private final int length;

        FileSlice(int position, int length) {
            this.position = position;
            this.length = length;
        }

        @Override
        public int sizeInBytes() {
            return length;
        }

        @Override
        public long writeTo(WritableByteChannel target, long offset) throws IOException {
            if (offset < 0 || offset > length) {
                throw new IllegalArgumentException("offset " + offset + " outside a slice of " + length + " bytes");
            }
            return channel.transferTo(position + offset, length - offset, target);
        }

        @Override
        public ByteBuffer toBuffer() {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            readInto(buffer);
            return buffer.flip().asReadOnlyBuffer();
        }

        @Override
        public void readInto(ByteBuffer target) {
            if (target.remaining() < length) {
                throw new BufferOverflowException();
            }
            int start = target.position();
            ByteBuffer window = target.duplicate();
            window.limit(start + length);
            if (read(window, position) != length) {
                throw new LogStorageException("read", path.toString(),
                        new IOException("the file ended inside a slice of " + length + " bytes at " + position));
            }
            target.position(start + length);
        }
    }
}
