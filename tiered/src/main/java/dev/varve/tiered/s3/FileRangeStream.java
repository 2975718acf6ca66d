package dev.varve.tiered.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes {@code [offset, offset + length)} of a file as a stream: the body of one PUT or one part.
 * Fails rather than sending fewer bytes than promised if the file is shorter. Not thread-safe; the S3
 * client opens a fresh one for each attempt.
 */
final class FileRangeStream extends InputStream {
    private final FileChannel channel;
    private final Path file;
    private long position;
    private final long end;

    FileRangeStream(Path file, long offset, long length) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.file = file;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n < 0) {
            throw new IOException("file shorter than its upload: file=" + file + ", position=" + position + ", end=" + end);
        }
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
