package dev.varve.engine.record.codec;

import static dev.varve.engine.record.codec.Lz4FrameDescriptor.BLOCK_SIZE_LENGTH;
import static dev.varve.engine.record.codec.Lz4FrameDescriptor.CHECKSUM_LENGTH;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads every LZ4 frame Kafka's {@code Lz4BlockInputStream} reads for magic v2 (see
 * {@link Lz4FrameDescriptor}): any block size id 4..7, optional content size (skipped, as Kafka
 * does), block checksums and a content checksum, each verified; dependent blocks, other versions
 * and set reserved bits are rejected, as Kafka rejects them. Bytes after the end mark are ignored,
 * as Kafka ignores them. A block's declared size is checked against the frame's maximum block size
 * and the bytes left before anything is decoded, and blocks are decoded with lz4's safe (bounds
 * checked) decompressor straight into the bounded output. Not thread-safe.
 */
final class Lz4FrameDecompressor implements Decompressor {
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    private static final long MAX_EXPANSION = 255;

    private final GrowableDirectBuffer output = new GrowableDirectBuffer(CompressionCodec.LZ4);
    private boolean closed;

    @Override
    public CompressionCodec codec() {
        return CompressionCodec.LZ4;
    }

    @Override
    public ByteBuffer decompress(ByteBuffer source, int maxBytes) {
        CodecChecks.checkOpen(closed, codec());
        output.startOutput(maxBytes);
        int start = source.position();
        int end = source.limit();
        if (end - start < Lz4FrameDescriptor.MIN_HEADER_LENGTH) {
            throw CodecErrors.badData(codec(), 0, "lz4 frame header is truncated");
        }
        if (CodecChecks.getIntLE(source, start) != Lz4FrameDescriptor.MAGIC) {
            throw CodecErrors.badData(codec(), 0, "not an lz4 frame (bad magic)");
        }
        int flg = source.get(start + Lz4FrameDescriptor.FLG_OFFSET) & 0xFF;
        int bd = source.get(start + Lz4FrameDescriptor.BD_OFFSET) & 0xFF;
        int maxBlock = checkDescriptor(flg, bd);
        int at = start + Lz4FrameDescriptor.BD_OFFSET + 1;
        if ((flg & Lz4FrameDescriptor.FLG_CONTENT_SIZE) != 0) {
            at += Lz4FrameDescriptor.CONTENT_SIZE_LENGTH; // informational only, as for Kafka
            if (at >= end) {
                throw CodecErrors.badData(codec(), 0, "lz4 frame header is truncated");
            }
        }
        int descriptor = start + Lz4FrameDescriptor.FLG_OFFSET;
        if (source.get(at) != Lz4FrameDescriptor.headerChecksum(source, descriptor, at - descriptor)) {
            throw CodecErrors.badData(codec(), at - start, "lz4 frame descriptor checksum does not match");
        }
        at = readBlocks(source, start, at + 1, end, flg, maxBlock, maxBytes);
        if ((flg & Lz4FrameDescriptor.FLG_CONTENT_CHECKSUM) != 0) {
            checkContent(source, start, at, end);
        }
        return output.finishOutput();
    }

    private int checkDescriptor(int flg, int bd) {
        if ((flg & Lz4FrameDescriptor.FLG_RESERVED) != 0 || (bd & Lz4FrameDescriptor.BD_RESERVED) != 0) {
            throw CodecErrors.badData(codec(), Lz4FrameDescriptor.FLG_OFFSET, "lz4 frame has reserved bits set");
        }
        if (flg >>> Lz4FrameDescriptor.FLG_VERSION_SHIFT != Lz4FrameDescriptor.FLG_VERSION) {
            throw CodecErrors.badData(codec(), Lz4FrameDescriptor.FLG_OFFSET, "unsupported lz4 frame version");
        }
        if ((flg & Lz4FrameDescriptor.FLG_BLOCK_INDEPENDENCE) == 0) {
            throw CodecErrors.badData(codec(), Lz4FrameDescriptor.FLG_OFFSET, "dependent lz4 blocks are unsupported, as in Kafka");
        }
        int blockSizeId = bd >>> Lz4FrameDescriptor.BD_BLOCK_SIZE_SHIFT;
        if (blockSizeId < Lz4FrameDescriptor.BLOCK_SIZE_ID_64KB) {
            throw CodecErrors.badData(codec(), Lz4FrameDescriptor.BD_OFFSET, "lz4 block size id " + blockSizeId + " is not 4..7");
        }
        return Lz4FrameDescriptor.maxBlockSize(blockSizeId);
    }

    /** Decodes blocks from {@code at} through the end mark; returns the index after the end mark. */
    private int readBlocks(ByteBuffer source, int start, int at, int end, int flg, int maxBlock, int maxBytes) {
        boolean blockChecksum = (flg & Lz4FrameDescriptor.FLG_BLOCK_CHECKSUM) != 0;
        while (true) {
            if (end - at < BLOCK_SIZE_LENGTH) {
                throw CodecErrors.badData(codec(), at - start, "lz4 frame ends without an end mark");
            }
            int word = CodecChecks.getIntLE(source, at);
            int size = word & ~Lz4FrameDescriptor.UNCOMPRESSED_FLAG;
            int data = at + BLOCK_SIZE_LENGTH;
            if (size == 0) {
                return data; // Kafka reads a zero size, with or without the flag, as the end mark
            }
            if (size > maxBlock) {
                throw CodecErrors.badData(codec(), at - start, "lz4 block of " + size + " bytes exceeds the frame's maximum " + maxBlock);
            }
            int stored = size + (blockChecksum ? CHECKSUM_LENGTH : 0);
            if (stored > end - data) {
                throw CodecErrors.badData(codec(), at - start, "lz4 block of " + size + " bytes is truncated");
            }
            if (blockChecksum && CodecChecks.getIntLE(source, data + size) != Lz4FrameDescriptor.XXHASH.hash(source, data, size, 0)) {
                throw CodecErrors.badData(codec(), data + size - start, "lz4 block checksum does not match");
            }
            if ((word & Lz4FrameDescriptor.UNCOMPRESSED_FLAG) != 0) {
                ByteBuffer out = output.ensureRoom(size, at - start);
                out.put(out.position(), source, data, size);
                out.position(out.position() + size);
            } else {
                decodeBlock(source, data - start, data, size, maxBlock, maxBytes);
            }
            at = data + stored;
        }
    }

    private void decodeBlock(ByteBuffer source, long position, int data, int size, int maxBlock, int maxBytes) {
        int written = output.output().position();
        // A block decodes to at most its frame's block size and at most 255 bytes per input byte.
        long cap = Math.min(maxBlock, MAX_EXPANSION * size);
        int room = (int) Math.min(cap, (long) maxBytes - written);
        if (room < cap) {
            long decoded = Lz4FrameDescriptor.decodedLength(source, data, size);
            if (decoded > room) {
                throw CodecErrors.tooLarge(codec(), position, written + decoded, maxBytes);
            }
        }
        ByteBuffer out = output.ensureRoom(room, position);
        try {
            int decoded = DECOMPRESSOR.decompress(source, data, size, out, written, room);
            out.position(written + decoded);
        } catch (LZ4Exception e) {
            throw CodecErrors.badData(codec(), position, "invalid lz4 block: " + e.getMessage(), e);
        }
    }

    private void checkContent(ByteBuffer source, int start, int at, int end) {
        if (end - at < CHECKSUM_LENGTH) {
            throw CodecErrors.badData(codec(), at - start, "lz4 content checksum is truncated");
        }
        ByteBuffer out = output.output();
        if (CodecChecks.getIntLE(source, at) != Lz4FrameDescriptor.XXHASH.hash(out, 0, out.position(), 0)) {
            throw CodecErrors.badData(codec(), at - start, "lz4 content checksum does not match");
        }
    }

    @Override
    public void close() {
        closed = true;
        output.release();
    }
}
