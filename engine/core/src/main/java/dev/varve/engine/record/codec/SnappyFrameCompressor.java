package dev.varve.engine.record.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Writes the {@code SnappyOutputStream} framing Kafka's snappy codec writes: the 16-byte header,
 * then one chunk per 32 KiB of input (an empty input is the header alone). Array-backed buffers go
 * through snappy's array entry point; otherwise through its direct-buffer one, staging a heap side
 * in a reused direct buffer. Not thread-safe.
 */
final class SnappyFrameCompressor implements Compressor {
    private static final int MAX_CHUNK = SnappyFrameDescriptor.CHUNK_LENGTH_SIZE
            + Snappy.maxCompressedLength(SnappyFrameDescriptor.BLOCK_SIZE);

    private final GrowableDirectBuffer stagedSource = new GrowableDirectBuffer(CompressionCodec.SNAPPY);
    private final GrowableDirectBuffer stagedTarget = new GrowableDirectBuffer(CompressionCodec.SNAPPY);
    private boolean closed;

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.SNAPPY;
    }

    @Override
    public int maxCompressedLength(int sourceBytes) {
        CodecChecks.checkSourceBytes(sourceBytes);
        long full = sourceBytes / SnappyFrameDescriptor.BLOCK_SIZE;
        int rest = sourceBytes % SnappyFrameDescriptor.BLOCK_SIZE;
        long bound = SnappyFrameDescriptor.HEADER_LENGTH + full * MAX_CHUNK
                + (rest == 0 ? 0 : SnappyFrameDescriptor.CHUNK_LENGTH_SIZE + Snappy.maxCompressedLength(rest));
        return CodecChecks.toIntBound(bound, sourceBytes);
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer target) {
        CodecChecks.checkOpen(closed, codec());
        int bound = maxCompressedLength(source.remaining());
        CodecChecks.checkTarget(target, bound);
        try {
            int written;
            if (source.hasArray() && target.hasArray()) {
                written = compressArrays(source, target);
            } else {
                ByteBuffer in = source.isDirect() ? source : stagedSource.stage(source);
                ByteBuffer out = target.isDirect() ? target : stagedTarget.scratch(bound);
                written = compressDirect(in, out);
                if (out != target) {
                    out.limit(written);
                    target.put(out);
                } else {
                    target.position(target.position() + written);
                }
            }
            source.position(source.limit());
            return written;
        } catch (IOException | SnappyError e) {
            throw new IllegalStateException("snappy failed to compress valid input", e);
        }
    }

    private static int compressArrays(ByteBuffer source, ByteBuffer target) throws IOException {
        byte[] in = source.array();
        byte[] out = target.array();
        int from = source.arrayOffset() + source.position();
        int end = source.arrayOffset() + source.limit();
        int start = target.position();
        SnappyFrameDescriptor.writeHeader(target, start);
        int at = start + SnappyFrameDescriptor.HEADER_LENGTH;
        for (; from < end; from += SnappyFrameDescriptor.BLOCK_SIZE) {
            int length = Math.min(SnappyFrameDescriptor.BLOCK_SIZE, end - from);
            int compressed = Snappy.compress(in, from, length, out,
                    target.arrayOffset() + at + SnappyFrameDescriptor.CHUNK_LENGTH_SIZE);
            CodecChecks.putIntBE(target, at, compressed);
            at += SnappyFrameDescriptor.CHUNK_LENGTH_SIZE + compressed;
        }
        target.position(at);
        return at - start;
    }

    /** Compresses {@code in}'s remaining bytes to {@code out} at its position; both positions end unchanged. */
    private static int compressDirect(ByteBuffer in, ByteBuffer out) throws IOException {
        int inStart = in.position();
        int inLimit = in.limit();
        int outStart = out.position();
        int outLimit = out.limit();
        try {
            SnappyFrameDescriptor.writeHeader(out, outStart);
            int at = outStart + SnappyFrameDescriptor.HEADER_LENGTH;
            for (int from = inStart; from < inLimit; from += SnappyFrameDescriptor.BLOCK_SIZE) {
                in.limit(Math.min(inLimit, from + SnappyFrameDescriptor.BLOCK_SIZE));
                in.position(from);
                out.limit(outLimit);
                out.position(at + SnappyFrameDescriptor.CHUNK_LENGTH_SIZE);
                int compressed = Snappy.compress(in, out);
                CodecChecks.putIntBE(out, at, compressed);
                at += SnappyFrameDescriptor.CHUNK_LENGTH_SIZE + compressed;
            }
            return at - outStart;
        } finally {
            in.limit(inLimit);
            in.position(inStart);
            out.limit(outLimit);
            out.position(outStart);
        }
    }

    @Override
    public void close() {
        closed = true;
        stagedSource.release();
        stagedTarget.release();
    }
}
