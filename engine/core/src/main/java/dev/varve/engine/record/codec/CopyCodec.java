package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;

/**
 * {@link CompressionCodec#NONE}: the "stream" is the bytes themselves. Compressing copies source to
 * target; decompressing copies the source into the bounded output buffer, so the result has the
 * same lifetime rules as every other codec's. Not thread-safe.
 */
final class CopyCodec implements Compressor, Decompressor {
    private final GrowableDirectBuffer output = new GrowableDirectBuffer(CompressionCodec.NONE);
    private boolean closed;

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.NONE;
    }

    @Override
    public int maxCompressedLength(int sourceBytes) {
        return CodecChecks.checkSourceBytes(sourceBytes);
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer target) {
        CodecChecks.checkOpen(closed, CompressionCodec.NONE);
        int bytes = source.remaining();
        CodecChecks.checkTarget(target, maxCompressedLength(bytes));
        target.put(source);
        return bytes;
    }

    @Override
    public ByteBuffer decompress(ByteBuffer source, int maxBytes) {
        CodecChecks.checkOpen(closed, CompressionCodec.NONE);
        output.startOutput(maxBytes);
        ByteBuffer out = output.ensureRoom(source.remaining(), 0);
        int position = source.position();
        out.put(source);
        source.position(position);
        return output.finishOutput();
    }

    @Override
    public void close() {
        closed = true;
        output.release();
    }
}
