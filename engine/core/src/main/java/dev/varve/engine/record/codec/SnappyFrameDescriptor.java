package dev.varve.engine.record.codec;

import java.nio.ByteBuffer;

/**
 * The stream framing of xerial snappy-java's {@code SnappyOutputStream}, which Kafka's snappy codec
 * writes (with the default 32 KiB block size) and reads back with {@code SnappyInputStream}.
 *
 * <pre>
 *   0                               8               12              16
 * +----+---+---+---+---+---+---+----+---------------+---------------+
 * |0x82| S | N | A | P | P | Y |0x00| version (BE)=1| min compat = 1|   stream header, 16 bytes
 * +----+---+---+---+---+---+---+----+---------------+---------------+
 * +----------------------+-------------------------------------+
 * | compressed length N  | N bytes: one raw snappy block of at |   chunk, repeated
 * | (int32, big-endian)  | most 32 KiB uncompressed            |
 * +----------------------+-------------------------------------+
 * </pre>
 *
 * There is no end mark: the stream ends with the input. What {@code SnappyInputStream} (1.1.10.x)
 * also accepts, and so does Varve: an input shorter than the header or not starting with the 8-byte
 * magic is one raw snappy block; a chunk length equal to the magic's first 4 bytes starts a
 * concatenated stream header (version must be at least 1; a header whose magic does not match ends
 * the stream); fewer than 4 bytes left where a chunk length is due end the stream.
 */
final class SnappyFrameDescriptor {
    static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    /** The first 4 magic bytes as a big-endian int: a chunk length with this value starts a new header. */
    static final int MAGIC_HEAD = 0x82534E41;
    static final int VERSION = 1;
    static final int MIN_COMPATIBLE_VERSION = 1;
    static final int HEADER_LENGTH = 16;
    static final int VERSION_OFFSET = 8;
    static final int MIN_COMPATIBLE_VERSION_OFFSET = 12;
    static final int CHUNK_LENGTH_SIZE = 4;
    /** {@code SnappyOutputStream.DEFAULT_BLOCK_SIZE}: uncompressed bytes per chunk. */
    static final int BLOCK_SIZE = 32 * 1024;

    private SnappyFrameDescriptor() {
    }

    /** Whether the 8 bytes at {@code at} are the magic. */
    static boolean hasMagic(ByteBuffer buffer, int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(at + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static void writeHeader(ByteBuffer buffer, int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            buffer.put(at + i, MAGIC[i]);
        }
        CodecChecks.putIntBE(buffer, at + VERSION_OFFSET, VERSION);
        CodecChecks.putIntBE(buffer, at + MIN_COMPATIBLE_VERSION_OFFSET, MIN_COMPATIBLE_VERSION);
    }
}
