package dev.varve.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.TopicPartition;
import dev.varve.lmdb.RemoteObject;
import dev.varve.lmdb.RemoteSegmentMetadata;
import dev.varve.lmdb.RemoteSegmentState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Total retention over remote segments, as a table: four segments of 100 bytes stamped 1000, 2000, 3000,
 * 4000 (ms), plus {@code local} bytes not uploaded; what goes is always an oldest-first prefix.
 */
class RemoteRetentionTest {
    private static final List<RemoteSegmentMetadata> SEGMENTS = List.of(segment(0, 1000), segment(10, 2000),
            segment(20, 3000), segment(30, 4000));

    @Test
    void shouldDeleteByTimeAnOldestFirstPrefix() {
        assertEquals(2, expired(Map.of("retention.ms", "1500"), 4000, 0));
        assertEquals(0, expired(Map.of("retention.ms", "-1"), 1_000_000, 0));
        assertEquals(4, expired(Map.of("retention.ms", "0"), 4001, 0));
    }

    @Test
    void shouldCountLocalBytesNotUploadedTowardsRetentionBytes() {
        assertEquals(2, expired(Map.of("retention.bytes", "200"), 0, 0));
        assertEquals(3, expired(Map.of("retention.bytes", "200"), 0, 100), "the local tail counts too");
        assertEquals(0, expired(Map.of("retention.bytes", "1000"), 0, 500));
    }

    private static int expired(Map<String, String> config, long nowMs, long localBytes) {
        return RemoteRetention.expired(SEGMENTS, LogConfig.of(config), nowMs, localBytes).size();
    }

    private static RemoteSegmentMetadata segment(long base, long maxTimestampMs) {
        return new RemoteSegmentMetadata(new TopicPartition("t", 0), UUID.randomUUID(), base, base + 9, maxTimestampMs,
                100, RemoteSegmentMetadata.UNKNOWN_LEADER_EPOCH, List.of(new RemoteObject("k" + base, 100, "crc32c:00000000")),
                RemoteSegmentState.COPY_SEGMENT_FINISHED, 0);
    }
}
