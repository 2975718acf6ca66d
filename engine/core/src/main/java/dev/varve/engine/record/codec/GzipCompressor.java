package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes one gzip member exactly as Kafka's {@code GzipCompression} does (a {@code GZIPOutputStream}
 * with its level): the fixed 10-byte header, raw DEFLATE from a reused {@link Deflater} at the
 * configured level, then CRC32 and ISIZE. Not thread-safe; {@link #close()} ends the deflater.
 */
final class GzipCompressor implements Compressor {
    /** Slack over zlib's deflateBound for the default memLevel, against zlib builds that differ. */
    private static final int BOUND_SLACK = 64;

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private boolean closed;

    GzipCompressor(int level) {
        this.deflater = new Deflater(level, true);
    }

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.GZIP;
    }

    @Override
    public int maxCompressedLength(int sourceBytes) {
        long n = CodecChecks.checkSourceBytes(sourceBytes);
        long deflateBound = n + (n >> 12) + (n >> 14) + (n >> 25) + 7 + BOUND_SLACK;
        return CodecChecks.toIntBound(GzipMemberDescriptor.FIXED_HEADER_LENGTH + deflateBound
                + GzipMemberDescriptor.TRAILER_LENGTH, sourceBytes);
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer target) {
        CodecChecks.checkOpen(closed, codec());
        int sourceBytes = source.remaining();
        CodecChecks.checkTarget(target, maxCompressedLength(sourceBytes));
        int start = target.position();
        writeHeader(target, start);

        int sourceStart = source.position();
        crc.reset();
        crc.update(source);
        source.position(sourceStart);

        deflater.reset();
        deflater.setInput(source);
        deflater.finish();
        target.position(start + GzipMemberDescriptor.FIXED_HEADER_LENGTH);
        while (!deflater.finished()) {
            if (deflater.deflate(target) == 0 && !target.hasRemaining()) {
                throw new IllegalStateException("gzip output exceeded maxCompressedLength for " + sourceBytes + " bytes");
            }
        }
        deflater.reset();
        source.position(source.limit());

        int trailer = target.position();
        CodecChecks.putIntLE(target, trailer, (int) crc.getValue());
        CodecChecks.putIntLE(target, trailer + GzipMemberDescriptor.TRAILER_ISIZE_OFFSET, sourceBytes);
        target.position(trailer + GzipMemberDescriptor.TRAILER_LENGTH);
        return target.position() - start;
    }

    private static void writeHeader(ByteBuffer target, int at) {
        for (int i = 0; i < GzipMemberDescriptor.FIXED_HEADER_LENGTH; i++) {
            target.put(at + i, (byte) 0);
        }
        target.put(at, (byte) GzipMemberDescriptor.ID1);
        target.put(at + 1, (byte) GzipMemberDescriptor.ID2);
        target.put(at + 2, (byte) GzipMemberDescriptor.CM_DEFLATE);
        target.put(at + GzipMemberDescriptor.OS_OFFSET, (byte) GzipMemberDescriptor.OS_UNKNOWN);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            deflater.end();
        }
    }
}
