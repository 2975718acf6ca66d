package dev.varve.bench.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.network.TransferableChannel;

/**
 * A sink for read benchmarks that Kafka's {@code Records.writeTo} accepts: every transfer from a file
 * goes to {@code target} with {@link FileChannel#transferTo} (sendfile on Linux), the same call Varve's
 * file slices make when given {@code target} itself, so both engines pay the same zero-copy transfer.
 * Pass a {@code FileChannel} on {@code /dev/null} to discard the bytes. Closing it does not close
 * {@code target}. Not thread-safe.
 */
public final class NullTransferableChannel implements TransferableChannel {
    private final FileChannel target;
    private boolean open = true;

    public NullTransferableChannel(FileChannel target) {
        this.target = target;
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        return fileChannel.transferTo(position, count, target);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return target.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return target.write(srcs);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return target.write(src);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
