package dev.varve.engine.record.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Reads what Kafka's snappy codec reads through {@code SnappyInputStream}: the
 * {@link SnappyFrameDescriptor} framing, or a raw snappy block. Before each block is decoded, its
 * declared compressed length is checked against the bytes left and its declared uncompressed length
 * against the remaining output bound, so a hostile length never drives an allocation. Heap input is
 * staged in a reused direct buffer because snappy's unbounded-output entry point is direct-only.
 * Not thread-safe.
 */
final class SnappyFrameDecompressor implements Decompressor {
    private final GrowableDirectBuffer output = new GrowableDirectBuffer(CompressionCodec.SNAPPY);
    private final GrowableDirectBuffer stagedSource = new GrowableDirectBuffer(CompressionCodec.SNAPPY);
    private boolean closed;

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.SNAPPY;
    }

    @Override
    public ByteBuffer decompress(ByteBuffer source, int maxBytes) {
        CodecChecks.checkOpen(closed, codec());
        output.startOutput(maxBytes);
        int start = source.position();
        int limit = source.limit();
        ByteBuffer in = source.isDirect() ? source : stagedSource.stage(source);
        int base = in.position();
        int end = in.limit();
        try {
            if (end == base) {
                throw CodecErrors.badData(codec(), 0, "empty snappy stream");
            }
            if (end - base < SnappyFrameDescriptor.HEADER_LENGTH || !SnappyFrameDescriptor.hasMagic(in, base)) {
                decodeBlock(in, base, base, end - base); // SnappyInputStream reads this as one raw block
            } else {
                decodeChunks(in, base, end);
            }
            return output.finishOutput();
        } finally {
            source.limit(limit);
            source.position(start);
        }
    }

    private void decodeChunks(ByteBuffer in, int base, int end) {
        int at = base + SnappyFrameDescriptor.HEADER_LENGTH;
        while (end - at >= SnappyFrameDescriptor.CHUNK_LENGTH_SIZE) {
            int length = CodecChecks.getIntBE(in, at);
            if (length == SnappyFrameDescriptor.MAGIC_HEAD) {
                if (end - at < SnappyFrameDescriptor.HEADER_LENGTH) {
                    throw CodecErrors.badData(codec(), at - base, "concatenated snappy header is truncated");
                }
                if (!SnappyFrameDescriptor.hasMagic(in, at)) {
                    return; // SnappyInputStream ends the stream here
                }
                if (CodecChecks.getIntBE(in, at + SnappyFrameDescriptor.VERSION_OFFSET)
                        < SnappyFrameDescriptor.MIN_COMPATIBLE_VERSION) {
                    throw CodecErrors.badData(codec(), at - base, "concatenated snappy header has an incompatible version");
                }
                at += SnappyFrameDescriptor.HEADER_LENGTH;
                continue;
            }
            int data = at + SnappyFrameDescriptor.CHUNK_LENGTH_SIZE;
            if (length < 0 || length > end - data) {
                throw CodecErrors.badData(codec(), at - base, "snappy chunk declares " + length
                        + " compressed bytes but " + (end - data) + " are left");
            }
            decodeBlock(in, base, data, length);
            at = data + length;
        }
        // Fewer than 4 bytes left: SnappyInputStream treats them as the end of the stream.
    }

    /** Decodes one raw snappy block of {@code length} bytes at {@code from} into the output. */
    private void decodeBlock(ByteBuffer in, int base, int from, int length) {
        ByteBuffer out = output.output();
        int inLimit = in.limit();
        try {
            in.limit(from + length);
            in.position(from);
            int declared = Snappy.uncompressedLength(in);
            if (declared < 0) {
                throw CodecErrors.badData(codec(), from - base, "snappy block declares a negative length");
            }
            out = output.ensureRoom(declared, from - base);
            int outStart = out.position();
            int outLimit = out.limit();
            int actual = Snappy.uncompress(in, out);
            out.limit(outLimit);
            if (actual != declared) {
                throw CodecErrors.badData(codec(), from - base, "snappy block decoded to " + actual
                        + " bytes, not the declared " + declared);
            }
            out.position(outStart + actual);
        } catch (IOException | SnappyError e) {
            throw CodecErrors.badData(codec(), from - base, "invalid snappy block: " + e.getMessage(), e);
        } finally {
            in.limit(inLimit);
        }
    }

    @Override
    public void close() {
        closed = true;
        output.release();
        stagedSource.release();
    }
}
