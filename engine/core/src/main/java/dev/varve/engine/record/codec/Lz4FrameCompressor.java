package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes Kafka's LZ4 frame ({@link Lz4FrameDescriptor}) byte for byte as Kafka's
 * {@code Lz4BlockOutputStream} does: 64 KiB independent blocks compressed straight into the target,
 * a block stored uncompressed when compression does not shrink it, then the end mark. Like Kafka,
 * the default level 9 uses lz4's fast compressor and every other level the HC compressor at that
 * level. Not thread-safe (the lz4-java compressors themselves are stateless).
 */
final class Lz4FrameCompressor implements Compressor {
    private final LZ4Compressor compressor;
    private boolean closed;

    Lz4FrameCompressor(int level) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = level == CompressionCodec.LZ4.defaultLevel()
                ? factory.fastCompressor()
                : factory.highCompressor(level);
    }

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.LZ4;
    }

    @Override
    public int maxCompressedLength(int sourceBytes) {
        CodecChecks.checkSourceBytes(sourceBytes);
        long full = sourceBytes / Lz4FrameDescriptor.KAFKA_BLOCK_SIZE;
        int rest = sourceBytes % Lz4FrameDescriptor.KAFKA_BLOCK_SIZE;
        long bound = Lz4FrameDescriptor.MIN_HEADER_LENGTH
                + full * (Lz4FrameDescriptor.BLOCK_SIZE_LENGTH + compressor.maxCompressedLength(Lz4FrameDescriptor.KAFKA_BLOCK_SIZE))
                + (rest == 0 ? 0 : Lz4FrameDescriptor.BLOCK_SIZE_LENGTH + compressor.maxCompressedLength(rest))
                + Lz4FrameDescriptor.BLOCK_SIZE_LENGTH;
        return CodecChecks.toIntBound(bound, sourceBytes);
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer target) {
        CodecChecks.checkOpen(closed, codec());
        CodecChecks.checkTarget(target, maxCompressedLength(source.remaining()));
        int start = target.position();
        CodecChecks.putIntLE(target, start, Lz4FrameDescriptor.MAGIC);
        target.put(start + Lz4FrameDescriptor.FLG_OFFSET, Lz4FrameDescriptor.KAFKA_FLG);
        target.put(start + Lz4FrameDescriptor.BD_OFFSET, Lz4FrameDescriptor.KAFKA_BD);
        target.put(start + Lz4FrameDescriptor.BD_OFFSET + 1, Lz4FrameDescriptor.KAFKA_HC);
        int at = start + Lz4FrameDescriptor.MIN_HEADER_LENGTH;
        int end = source.limit();
        for (int from = source.position(); from < end; from += Lz4FrameDescriptor.KAFKA_BLOCK_SIZE) {
            int length = Math.min(Lz4FrameDescriptor.KAFKA_BLOCK_SIZE, end - from);
            int data = at + Lz4FrameDescriptor.BLOCK_SIZE_LENGTH;
            int compressed = compressor.compress(source, from, length, target, data, compressor.maxCompressedLength(length));
            if (compressed >= length) {
                target.put(data, source, from, length);
                CodecChecks.putIntLE(target, at, length | Lz4FrameDescriptor.UNCOMPRESSED_FLAG);
                at = data + length;
            } else {
                CodecChecks.putIntLE(target, at, compressed);
                at = data + compressed;
            }
        }
        CodecChecks.putIntLE(target, at, Lz4FrameDescriptor.END_MARK);
        at += Lz4FrameDescriptor.BLOCK_SIZE_LENGTH;
        source.position(end);
        target.position(at);
        return at - start;
    }

    @Override
    public void close() {
        closed = true;
    }
}
