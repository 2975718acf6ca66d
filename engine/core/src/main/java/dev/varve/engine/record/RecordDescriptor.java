package dev.varve.engine.record;

/**
 * The layout of one record inside a v2 batch's (decompressed) record section.
 *
 * <pre>
 * +------------------+----------------+------------------------+---------------------+
 * | length (varint)  | attributes (8) | timestampDelta (varlong)| offsetDelta (varint)|
 * +------------------+----------------+------------------------+---------------------+
 * | keyLength (varint, -1 = null) | key | valueLength (varint, -1 = null) | value     |
 * +-------------------------------+-----+---------------------------------+-----------+
 * | headerCount (varint, >= 0) | headerCount x [ keyLength (varint, >= 0) | key UTF-8 |
 * |                            |   valueLength (varint, -1 = null) | value ]          |
 * +----------------------------+----------------------------------------------------+
 * </pre>
 *
 * {@code length} counts the bytes after itself. Varints are zigzag base-128 (protobuf style): at
 * most 5 bytes for an int, 10 for a long. Attributes are written as 0. Deltas are relative to the
 * batch's base offset and base timestamp.
 */
public final class RecordDescriptor {
    /** The smallest record body: attributes, three one-byte varints and two null lengths, no headers. */
    public static final int MIN_BODY_SIZE = 6;
    /** The smallest record on the wire: a one-byte length plus {@link #MIN_BODY_SIZE}. */
    public static final int MIN_RECORD_SIZE = 1 + MIN_BODY_SIZE;
    /** Widest length, attributes, timestamp delta and offset delta: Kafka's MAX_RECORD_OVERHEAD. */
    public static final int MAX_RECORD_OVERHEAD = 5 + 1 + 10 + 5;
    public static final int MAX_VARINT_BYTES = 5;
    public static final int MAX_VARLONG_BYTES = 10;
    /** The length that stands for a null key, value or header value. */
    public static final int NULL_LENGTH = -1;

    private RecordDescriptor() {
    }
}
