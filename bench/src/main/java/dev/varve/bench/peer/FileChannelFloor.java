package dev.varve.bench.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The physical limit of appending: a bare {@link FileChannel#write} loop to one file, with nothing an
 * engine adds (no validation, no offsets, no index, no roll). What a log append could at best cost on
 * this machine's page cache and file system. The file is created or truncated on open; appends go to
 * its end; nothing is fsynced unless {@link #flush()} is called. Not thread-safe.
 */
public final class FileChannelFloor implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private long bytesWritten;

    /** Creates or truncates {@code file} for writing. */
    public FileChannelFloor(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes all of {@code batch} (position to limit, the buffer's position is not moved) at the end of
     * the file. A heap buffer costs the JDK's copy into its temporary direct buffer; a direct one does not.
     *
     * @return bytes written
     */
    public int append(ByteBuffer batch) {
        ByteBuffer source = batch.duplicate();
        int size = source.remaining();
        try {
            while (source.hasRemaining()) {
                channel.write(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytesWritten += size;
        return size;
    }

    /** Bytes appended since open. */
    public long bytesWritten() {
        return bytesWritten;
    }

    public Path file() {
        return file;
    }

    /** Fsyncs the data (not the metadata). */
    public void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
