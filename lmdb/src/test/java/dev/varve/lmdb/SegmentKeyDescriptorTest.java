package dev.varve.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.TopicPartition;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SegmentKeyDescriptorTest {

    @Test
    void shouldDecodeWhatItEncodes() {
        TopicPartition partition = new TopicPartition("a.b_c-d", 12);
        UUID id = new UUID(-5, 77);
        byte[] key = SegmentKeyDescriptor.key(partition, 123_456_789_012L, id);
        assertEquals(partition.topic().length() + SegmentKeyDescriptor.SUFFIX_LENGTH, key.length);
        assertTrue(SegmentKeyDescriptor.isWellFormed(key));
        assertEquals(partition, SegmentKeyDescriptor.partition(key));
        assertEquals(123_456_789_012L, SegmentKeyDescriptor.baseOffset(key));
        assertEquals(id, SegmentKeyDescriptor.segmentId(key));
        assertEquals("a.b_c-d-12/123456789012/" + id, SegmentKeyDescriptor.describe(key));
    }

    /** Unsigned byte order of keys is (topic, partition, base offset, unsigned id): a prefix topic sorts first. */
    @Test
    void shouldOrderKeysAsTopicThenPartitionThenOffsetThenId() {
        byte[][] ordered = {
            SegmentKeyDescriptor.key(new TopicPartition("a", 1), Long.MAX_VALUE, new UUID(-1, -1)),
            SegmentKeyDescriptor.key(new TopicPartition("a", 2), 0, new UUID(0, 0)),
            SegmentKeyDescriptor.key(new TopicPartition("a", 256), 0, new UUID(0, 0)),
            SegmentKeyDescriptor.key(new TopicPartition("a-", 0), 0, new UUID(0, 0)),
            SegmentKeyDescriptor.key(new TopicPartition("a-", 0), 255, new UUID(0, 0)),
            SegmentKeyDescriptor.key(new TopicPartition("a-", 0), 256, new UUID(0, 0)),
            SegmentKeyDescriptor.key(new TopicPartition("a-", 0), 256, new UUID(1, 0)),
            SegmentKeyDescriptor.key(new TopicPartition("a-", 0), 256, new UUID(-1, 0)),
        };
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(Arrays.compareUnsigned(ordered[i - 1], ordered[i]) < 0, "key " + (i - 1) + " < key " + i);
        }
    }

    @Test
    void shouldDescribeMalformedKeysByTheirBytes() {
        assertEquals("bytes[1, 2]", SegmentKeyDescriptor.describe(new byte[] {1, 2}));
    }
}
