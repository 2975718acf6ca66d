package dev.varve.engine.record.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;

/**
 * Reads what Kafka's {@code ZstdInputStream} reads: one or more concatenated zstd frames (skippable
 * frames included), with or without a content size. Decoding streams through a reused
 * {@link ZstdDecompressCtx} into the bounded output, so a declared content size is never used for
 * allocation; a stream still producing bytes once {@code maxBytes} are out is
 * {@code DECOMPRESSED_TOO_LARGE}. An incomplete last frame, an unknown frame magic or trailing
 * garbage is {@code BAD_COMPRESSED_DATA}. Heap input is staged in a reused direct buffer because the
 * streaming entry point is direct-only. Not thread-safe; {@link #close()} frees the native context.
 */
final class ZstdFrameDecompressor implements Decompressor {
    private final ZstdDecompressCtx context = new ZstdDecompressCtx();
    private final GrowableDirectBuffer output = new GrowableDirectBuffer(CompressionCodec.ZSTD);
    private final GrowableDirectBuffer stagedSource = new GrowableDirectBuffer(CompressionCodec.ZSTD);
    private boolean closed;

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.ZSTD;
    }

    @Override
    public ByteBuffer decompress(ByteBuffer source, int maxBytes) {
        CodecChecks.checkOpen(closed, codec());
        output.startOutput(maxBytes);
        int start = source.position();
        ByteBuffer in = source.isDirect() ? source : stagedSource.stage(source);
        int base = in.position();
        try {
            context.reset();
            boolean frameDone = true;
            while (in.hasRemaining() || !frameDone) {
                int consumed = in.position();
                ByteBuffer out = output.roomOrProbe();
                int produced = out.position();
                frameDone = context.decompressDirectByteBufferStream(out, in);
                output.checkProbe(in.position() - base);
                if (!frameDone && in.position() == consumed && out.position() == produced) {
                    throw CodecErrors.badData(codec(), in.position() - base,
                            in.hasRemaining() ? "zstd stream makes no progress" : "zstd frame is truncated");
                }
            }
            return output.finishOutput();
        } catch (ZstdException e) {
            throw CodecErrors.badData(codec(), in.position() - base, "invalid zstd data: " + e.getMessage(), e);
        } finally {
            source.position(start);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.close();
            output.release();
            stagedSource.release();
        }
    }
}
