package dev.varve.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.LogFileType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bucket layout: keys as documented, read back exactly, and nothing else read as ours. */
class RemoteSegmentKeyTest {
    private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

    @Test
    void shouldNameTopicPartitionOffsetAndSegmentIdUnderThePrefix() {
        RemoteSegmentKey key = new RemoteSegmentKey(ORDERS_3, 4096, "Kw3x9cQmSkS2b1fRQf0Ytg", LogFileType.TIME_INDEX);

        assertEquals("varve/orders-3/00000000000000004096-Kw3x9cQmSkS2b1fRQf0Ytg.timeindex", key.objectKey("varve"));
        assertEquals("orders-3/00000000000000004096-Kw3x9cQmSkS2b1fRQf0Ytg.timeindex", key.objectKey(""));
        assertEquals("a/b/orders-3/", RemoteSegmentKey.partitionPrefix("a/b", ORDERS_3));
    }

    @Test
    void shouldReadBackEveryKeyItWrites() {
        TopicPartition dashed = new TopicPartition("my-topic.v2", 12);
        for (LogFileType type : LogFileType.values()) {
            for (String prefix : new String[] {"", "varve", "cluster-1/tier"}) {
                RemoteSegmentKey key = new RemoteSegmentKey(dashed, Long.MAX_VALUE, "id_-9", type);
                assertEquals(Optional.of(key), RemoteSegmentKey.parse(prefix, key.objectKey(prefix)), prefix + " " + type);
            }
        }
    }

    @Test
    void shouldNotReadKeysItCouldNotHaveWritten() {
        for (String other : new String[] {
            "varve/orders-3/00000000000000004096.log",
            "varve/orders-3/00000000000000004096-id.log.deleted",
            "varve/orders-3/00000000000000004096-id.txt",
            "varve/orders-3/0000000000000004096-id.log",
            "varve/orders/00000000000000004096-id.log",
            "varve/orders-3/x/00000000000000004096-id.log",
            "other/orders-3/00000000000000004096-id.log",
            "varve/orders-3/00000000000000004096-i.d.log",
            "varve/orders-3/00000000000000004096-.log",
            "varve/00000000000000004096-id.log"}) {
            assertEquals(Optional.empty(), RemoteSegmentKey.parse("varve", other), other);
        }
    }

    @Test
    void shouldRefuseBadSegmentIdsOffsetsAndPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteSegmentKey(ORDERS_3, 0, "a.b", LogFileType.LOG));
        assertThrows(IllegalArgumentException.class, () -> new RemoteSegmentKey(ORDERS_3, 0, "", LogFileType.LOG));
        assertThrows(IllegalArgumentException.class, () -> new RemoteSegmentKey(ORDERS_3, 0, "x".repeat(65), LogFileType.LOG));
        assertThrows(IllegalArgumentException.class, () -> new RemoteSegmentKey(ORDERS_3, -1, "id", LogFileType.LOG));
        RemoteSegmentKey key = new RemoteSegmentKey(ORDERS_3, 0, "id", LogFileType.LOG);
        assertThrows(IllegalArgumentException.class, () -> key.objectKey("varve/"));
        assertThrows(IllegalArgumentException.class, () -> key.objectKey("/varve"));
    }
}
