package dev.varve.engine.fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A real file's channel whose writes, fsyncs and truncations {@link Faults} may fail; a
 * {@link Faults.Kind#SHORT_WRITE} writes half the bytes first. Reads, transfers out and memory maps are
 * the real channel's. As thread-safe as the real channel.
 */
final class FaultyChannel extends FileChannel {
    private final FileChannel real;
    private final Path file;
    private final Faults faults;

    FaultyChannel(FileChannel real, Path file, Faults faults) {
        this.real = real;
        this.file = file;
        this.faults = faults;
    }

    /** Checks the write of {@code source}: a due short write puts half of it at {@code position} (or the channel's) first. */
    private void checkWrite(ByteBuffer source, long position) throws IOException {
        Faults.Kind kind = faults.due(Faults.Op.WRITE, file);
        if (kind == null) {
            return;
        }
        if (kind == Faults.Kind.SHORT_WRITE && source.remaining() > 1) {
            ByteBuffer half = source.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            int written = position < 0 ? real.write(half) : real.write(half, position);
            source.position(source.position() + written);
        }
        throw kind.exception(file);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkWrite(src, -1);
        return real.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        faults.check(Faults.Op.WRITE, file);
        return real.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        faults.check(Faults.Op.TRUNCATE, file);
        real.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        faults.check(Faults.Op.FORCE, file);
        real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        faults.check(Faults.Op.WRITE, file);
        return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        checkWrite(src, position);
        return real.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
