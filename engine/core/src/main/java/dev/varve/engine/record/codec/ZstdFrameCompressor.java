package dev.varve.engine.record.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;

/**
 * Writes one standard zstd frame in a single shot with a reused {@link ZstdCompressCtx} whose level
 * is set once. Kafka's streaming writer produces the same format (it leaves out the content size,
 * which this frame carries; every zstd reader, Kafka's included, accepts both). No checksum, as in
 * Kafka. Array-backed buffers use the array entry point, direct ones the direct entry point, and a
 * mix stages the heap side in a reused direct buffer. Not thread-safe; {@link #close()} frees the
 * native context.
 */
final class ZstdFrameCompressor implements Compressor {
    private final ZstdCompressCtx context = new ZstdCompressCtx();
    private final GrowableDirectBuffer stagedSource = new GrowableDirectBuffer(CompressionCodec.ZSTD);
    private final GrowableDirectBuffer stagedTarget = new GrowableDirectBuffer(CompressionCodec.ZSTD);
    private boolean closed;

    ZstdFrameCompressor(int level) {
        context.setLevel(level);
        context.setChecksum(false);
    }

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.ZSTD;
    }

    @Override
    public int maxCompressedLength(int sourceBytes) {
        CodecChecks.checkSourceBytes(sourceBytes);
        return CodecChecks.toIntBound(Zstd.compressBound(sourceBytes), sourceBytes);
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer target) {
        CodecChecks.checkOpen(closed, codec());
        int sourceBytes = source.remaining();
        int bound = maxCompressedLength(sourceBytes);
        CodecChecks.checkTarget(target, bound);
        int written;
        try {
            if (source.hasArray() && target.hasArray()) {
                written = context.compressByteArray(target.array(), target.arrayOffset() + target.position(), target.remaining(),
                        source.array(), source.arrayOffset() + source.position(), sourceBytes);
                target.position(target.position() + written);
            } else {
                ByteBuffer in = source.isDirect() ? source : stagedSource.stage(source);
                ByteBuffer out = target.isDirect() ? target : stagedTarget.scratch(bound);
                written = context.compressDirectByteBuffer(out, out.position(), out.remaining(), in, in.position(), sourceBytes);
                if (out == target) {
                    target.position(target.position() + written);
                } else {
                    out.limit(written);
                    target.put(out);
                }
            }
        } catch (ZstdException e) {
            throw new IllegalStateException("zstd failed to compress valid input", e);
        }
        source.position(source.limit());
        return written;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.close();
            stagedSource.release();
            stagedTarget.release();
        }
    }
}
