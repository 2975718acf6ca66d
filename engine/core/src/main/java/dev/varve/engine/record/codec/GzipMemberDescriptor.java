package dev.varve.engine.record.codec;

/**
 * The layout of one RFC 1952 gzip member, as {@code java.util.zip.GZIPOutputStream} writes it for
 * Kafka's gzip codec and {@code GZIPInputStream} reads it.
 *
 * <pre>
 *   0      1      2      3      4             8      9
 * +------+------+------+------+------+--//--+------+------+
 * | 0x1f | 0x8b |  CM  | FLG  |    MTIME    | XFL  |  OS  |   fixed header, 10 bytes
 * +------+------+------+------+------+--//--+------+------+
 * [FEXTRA: XLEN (2, LE) + XLEN bytes] [FNAME: bytes, 0] [FCOMMENT: bytes, 0] [FHCRC: CRC16 (2, LE)]
 * raw DEFLATE data ...
 * +-------------+-------------+
 * |  CRC32 (LE) |  ISIZE (LE) |   trailer, 8 bytes; ISIZE = uncompressed length mod 2^32
 * +-------------+-------------+
 * </pre>
 *
 * Kafka writes CM = 8 (deflate), FLG = 0, MTIME = 0, XFL = 0 and, on the JDKs Kafka 4.x runs on,
 * OS = 255 (unknown). Members may be concatenated.
 */
final class GzipMemberDescriptor {
    static final int ID1 = 0x1f;
    static final int ID2 = 0x8b;
    static final int CM_DEFLATE = 8;
    static final int FHCRC = 0x02;
    static final int FEXTRA = 0x04;
    static final int FNAME = 0x08;
    static final int FCOMMENT = 0x10;
    static final int OS_UNKNOWN = 255;

    static final int FIXED_HEADER_LENGTH = 10;
    static final int TRAILER_LENGTH = 8;
    static final int FLG_OFFSET = 3;
    static final int XFL_OFFSET = 8;
    static final int OS_OFFSET = 9;
    static final int TRAILER_ISIZE_OFFSET = 4;

    private GzipMemberDescriptor() {
    }
}
