package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Kafka's LZ4 frame ({@code Lz4BlockOutputStream} / {@code Lz4BlockInputStream}, magic v1 and v2),
 * a subset of the LZ4 frame format.
 *
 * <pre>
 *   0       4     5     6                    (6 or 14)
 * +-------+-----+-----+ - - - - - - - - - - +-----+
 * | magic | FLG | BD  | content size (8, LE)| HC  |     frame descriptor
 * +-------+-----+-----+ - - - - - - - - - - +-----+     magic = 0x184D2204, little-endian
 *   FLG: bits 7-6 version = 01 | 5 block independence = 1 | 4 block checksum | 3 content size
 *        | 2 content checksum | 1-0 reserved = 0
 *   BD:  bit 7 reserved = 0 | bits 6-4 max block size id 4..7 (64 KiB, 256 KiB, 1 MiB, 4 MiB) | 3-0 reserved = 0
 *   HC:  (XXH32(FLG .. last descriptor byte before HC, seed 0) >> 8) &amp; 0xFF
 * +------------------------------+-------------+ - - - - - - - - - - - - - +
 * | size (int32 LE), bit 31 set  | size bytes  | block checksum (int32 LE):  |   block, repeated
 * | = stored uncompressed        |             | XXH32(stored bytes, 0)      |
 * +------------------------------+-------------+ - - - - - - - - - - - - - +
 * | 0 (int32): end mark | [content checksum (int32 LE): XXH32(all content, 0)] |
 * </pre>
 *
 * Kafka writes FLG = 0x60 (version 1, independent blocks, no checksums, no content size), BD = 0x40
 * (64 KiB blocks) and the correct HC (magic v2; v0 used a broken HC, which Varve never reads).
 */
final class Lz4FrameDescriptor {
    static final int MAGIC = 0x184D2204;
    static final int MAGIC_LENGTH = 4;
    static final int FLG_OFFSET = 4;
    static final int BD_OFFSET = 5;
    static final int CONTENT_SIZE_LENGTH = 8;
    /** Magic, FLG, BD and HC, without a content size. */
    static final int MIN_HEADER_LENGTH = 7;
    static final int BLOCK_SIZE_LENGTH = 4;
    static final int CHECKSUM_LENGTH = 4;
    static final int UNCOMPRESSED_FLAG = 0x80000000;
    static final int END_MARK = 0;

    static final int FLG_VERSION_SHIFT = 6;
    static final int FLG_VERSION = 1;
    static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_RESERVED = 0x03;
    static final int BD_RESERVED = 0x8F;
    static final int BD_BLOCK_SIZE_SHIFT = 4;
    static final int BLOCK_SIZE_ID_64KB = 4;
    static final int BLOCK_SIZE_ID_MAX = 7;

    /** What Kafka writes: version 1, independent blocks, nothing optional. */
    static final byte KAFKA_FLG = (byte) (FLG_VERSION << FLG_VERSION_SHIFT | FLG_BLOCK_INDEPENDENCE);
    /** What Kafka writes: 64 KiB blocks. */
    static final byte KAFKA_BD = (byte) (BLOCK_SIZE_ID_64KB << BD_BLOCK_SIZE_SHIFT);
    static final int KAFKA_BLOCK_SIZE = maxBlockSize(BLOCK_SIZE_ID_64KB);

    static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();
    static final byte KAFKA_HC = headerChecksum(ByteBuffer.wrap(new byte[] {KAFKA_FLG, KAFKA_BD}), 0, 2);

    private Lz4FrameDescriptor() {
    }

    /** The maximum uncompressed bytes of a block for a BD block size id (4..7). */
    static int maxBlockSize(int blockSizeId) {
        return 1 << (2 * blockSizeId + 8);
    }

    /** HC over the descriptor bytes from FLG at {@code from}, {@code length} bytes. */
    static byte headerChecksum(ByteBuffer buffer, int from, int length) {
        return (byte) ((XXHASH.hash(buffer, from, length, 0) >> 8) & 0xFF);
    }

    /**
     * The number of bytes the LZ4 block at {@code from} decodes to, found by walking its sequences
     * without copying, or -1 if the sequences run past the block. Used to tell a block that exceeds
     * the caller's bound from a corrupt one without decoding into memory past the bound.
     */
    static long decodedLength(ByteBuffer block, int from, int length) {
        int p = from;
        int end = from + length;
        long total = 0;
        while (p < end) {
            int token = block.get(p++) & 0xFF;
            long literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (p >= end) {
                        return -1;
                    }
                    b = block.get(p++) & 0xFF;
                    literals += b;
                } while (b == 255);
            }
            if (literals > end - p) {
                return -1;
            }
            p += (int) literals;
            total += literals;
            if (p == end) {
                return total; // the last sequence has literals only
            }
            if (end - p < 2) {
                return -1;
            }
            p += 2; // match offset
            long match = token & 0x0F;
            if (match == 15) {
                int b;
                do {
                    if (p >= end) {
                        return -1;
                    }
                    b = block.get(p++) & 0xFF;
                    match += b;
                } while (b == 255);
            }
            total += match + 4;
        }
        return -1;
    }
}
