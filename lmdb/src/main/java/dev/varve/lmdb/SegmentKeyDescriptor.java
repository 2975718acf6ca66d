package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The key of a segment record in the {@code segments} database. LMDB orders keys as unsigned bytes, so the
 * segments of a partition sit together in (base offset, segment id) order and a partition is one range scan:
 * <pre>
 *  0                  T      T+1               T+5                     T+13                                   T+29
 *  +------------------+------+-----------------+-----------------------+--------------------------------------+
 *  | topic (UTF-8, T) | 0x00 | partition (i32) | base offset (i64)     | segment id (UUID: msb i64, lsb i64)  |
 *  +------------------+------+-----------------+-----------------------+--------------------------------------+
 * </pre>
 * Big-endian. Topic names never hold 0x00 ({@code [a-zA-Z0-9._-]}), so the terminator makes topic order
 * prefix-free; partition and base offset are never negative, so their unsigned byte order is numeric order.
 * The {@code segment-ids} database maps the 16 id bytes alone to this key.
 */
final class SegmentKeyDescriptor {
    /** Bytes after the topic: terminator, partition, base offset, segment id. */
    static final int SUFFIX_LENGTH = 1 + Integer.BYTES + Long.BYTES + 2 * Long.BYTES;
    /** Length of an id key in {@code segment-ids}. */
    static final int ID_LENGTH = 2 * Long.BYTES;

    private SegmentKeyDescriptor() {
    }

    static byte[] key(TopicPartition partition, long baseOffset, UUID segmentId) {
        byte[] topic = partition.topic().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(topic.length + SUFFIX_LENGTH).put(topic).put((byte) 0).putInt(partition.partition())
                .putLong(baseOffset).putLong(segmentId.getMostSignificantBits())
                .putLong(segmentId.getLeastSignificantBits()).array();
    }

    /** The key of {@code partition}'s first possible segment at or after {@code baseOffset}. */
    static byte[] lowest(TopicPartition partition, long baseOffset) {
        return key(partition, baseOffset, new UUID(0, 0));
    }

    /** The key of {@code partition}'s last possible segment at or before {@code baseOffset}. */
    static byte[] highest(TopicPartition partition, long baseOffset) {
        return key(partition, baseOffset, new UUID(-1, -1));
    }

    static byte[] idKey(UUID segmentId) {
        return ByteBuffer.allocate(ID_LENGTH).putLong(segmentId.getMostSignificantBits())
                .putLong(segmentId.getLeastSignificantBits()).array();
    }

    /** Whether {@code key} has this layout: a topic, its terminator, and exactly the fixed suffix. */
    static boolean isWellFormed(byte[] key) {
        int topicLength = key.length - SUFFIX_LENGTH;
        return topicLength > 0 && key[topicLength] == 0 && ByteBuffer.wrap(key, topicLength + 1, Integer.BYTES).getInt() >= 0
                && ByteBuffer.wrap(key, topicLength + 1 + Integer.BYTES, Long.BYTES).getLong() >= 0;
    }

    static TopicPartition partition(byte[] key) {
        int topicLength = key.length - SUFFIX_LENGTH;
        return new TopicPartition(new String(key, 0, topicLength, StandardCharsets.UTF_8),
                ByteBuffer.wrap(key, topicLength + 1, Integer.BYTES).getInt());
    }

    static long baseOffset(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 2 * Long.BYTES - Long.BYTES, Long.BYTES).getLong();
    }

    static UUID segmentId(byte[] key) {
        ByteBuffer id = ByteBuffer.wrap(key, key.length - ID_LENGTH, ID_LENGTH);
        return new UUID(id.getLong(), id.getLong());
    }

    /** A readable form of a key for error messages, whatever its bytes. */
    static String describe(byte[] key) {
        try {
            if (isWellFormed(key)) {
                return partition(key) + "/" + baseOffset(key) + "/" + segmentId(key);
            }
        } catch (IllegalArgumentException notATopic) {
            // fall through to the raw bytes
        }
        return "bytes" + Arrays.toString(key);
    }
}
