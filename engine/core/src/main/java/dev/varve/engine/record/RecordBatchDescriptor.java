package dev.varve.engine.record;

/**
 * The layout of a Kafka record batch, format v2 (magic 2): the one place that knows its offsets.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Base Offset (int64)                      |  0
 * |                                                               |
 * +---------------------------------------------------------------+
 * |        Batch Length (int32): bytes after this field           |  8
 * +---------------------------------------------------------------+
 * |     Partition Leader Epoch (int32), not covered by the CRC    | 12
 * +---------------+-----------------------------------------------+
 * |  Magic (= 2)  |            CRC-32C (uint32) of bytes 21..end  | 16
 * +---------------+---------------+-------------------------------+
 * |               |  Attributes (int16)           | Last Offset   | 20
 * +---------------+-------------------------------+ Delta (int32) |
 * |                                               |               | 24
 * +-----------------------------------------------+               |
 * |            Base Timestamp (int64), or delete horizon          | 27
 * |            Max Timestamp (int64)                              | 35
 * |            Producer Id (int64)                                | 43
 * +-------------------------------+-------------------------------+
 * |  Producer Epoch (int16)       | Base Sequence (int32)         | 51
 * +-------------------------------+-------------------------------+
 * |            Records Count (int32)                              | 57
 * +---------------------------------------------------------------+
 * |  Records: uncompressed, or one stream of the attribute codec  | 61
 * +---------------------------------------------------------------+
 *
 * Attributes: bits 0-2 codec, bit 3 timestamp type (1 = LogAppendTime), bit 4 transactional,
 *             bit 5 control, bit 6 delete horizon set, bits 7-15 unused (0).
 * </pre>
 *
 * All integers are big-endian. A batch occupies {@code batchLength + LOG_OVERHEAD} bytes.
 */
public final class RecordBatchDescriptor {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BATCH_LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** Bytes of header; also the size of a batch with no records. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** Base offset and batch length: the bytes not counted by the batch length. */
    public static final int LOG_OVERHEAD = 12;
    /** Bytes a reader needs before it can check the magic byte. */
    public static final int HEADER_SIZE_UP_TO_MAGIC = MAGIC_OFFSET + 1;
    /** The only magic this format defines. */
    public static final byte MAGIC_V2 = 2;

    public static final int CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_MASK = 0x10;
    public static final int CONTROL_MASK = 0x20;
    public static final int DELETE_HORIZON_MASK = 0x40;

    /** The value of producer id, epoch, sequence, leader epoch and timestamps meaning "none". */
    public static final int NO_VALUE = -1;

    private RecordBatchDescriptor() {
    }

    /** Position of the CRC-covered region's first byte in a batch starting at {@code batchStart}. */
    public static int crcStart(int batchStart) {
        return batchStart + ATTRIBUTES_OFFSET;
    }
}
