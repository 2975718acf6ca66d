package dev.varve.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {

    @Test
    void shouldUseKafkasDefaults() {
        LogConfig config = LogConfig.defaults();
        assertEquals(1 << 30, config.segmentBytes());
        assertEquals(604_800_000L, config.segmentMs());
        assertEquals(10 * 1024 * 1024, config.segmentIndexBytes());
        assertEquals(4096, config.indexIntervalBytes());
        assertEquals(604_800_000L, config.retentionMs());
        assertEquals(-1, config.retentionBytes());
        assertEquals(1_048_588, config.maxMessageBytes());
        assertEquals(Long.MAX_VALUE, config.flushMessages());
        assertFalse(config.logAppendTime());
    }

    @Test
    void shouldApplyOverridesOnTopOfDefaults() {
        LogConfig config = LogConfig.of(Map.of("segment.bytes", "4096", "message.timestamp.type", "LogAppendTime"));
        assertEquals(4096, config.segmentBytes());
        assertTrue(config.logAppendTime());
        assertEquals(Map.of("message.timestamp.type", "LogAppendTime", "segment.bytes", "4096"), config.overrides());
        assertEquals(8192, config.with(Map.of("segment.bytes", "8192")).segmentBytes());
    }

    @Test
    void shouldRefuseUnknownKeysAndBadValuesNamingThem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.of(Map.of("segment.byte", "1")));
        assertTrue(unknown.getMessage().contains("segment.byte"));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.of(Map.of("retention.ms", "-5")));
        assertTrue(range.getMessage().contains("retention.ms"), range.getMessage());
        assertEquals("invalid value for segment.bytes: '12': expected 1024..2147483647",
                assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("segment.bytes", "12"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("segment.bytes", "big")));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("cleanup.policy", "compact,shred")));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("preallocate", "yes")));
        assertEquals("compact,delete", LogConfig.of(Map.of("cleanup.policy", "compact,delete")).get(LogConfigKey.CLEANUP_POLICY));
    }

    @Test
    void shouldValidateTopicNamesAsKafkaDoes() {
        assertEquals("orders.v1_x-2", new TopicPartition("orders.v1_x", 2).folderName());
        assertEquals(new TopicPartition("a-b", 7), TopicPartition.fromFolderName("a-b-7"));
        assertThrows(IllegalArgumentException.class, () -> new TopicPartition("..", 0));
        assertThrows(IllegalArgumentException.class, () -> new TopicPartition("a/b", 0));
        assertThrows(IllegalArgumentException.class, () -> new TopicPartition("x".repeat(250), 0));
        assertThrows(IllegalArgumentException.class, () -> new TopicPartition("t", -1));
        assertThrows(IllegalArgumentException.class, () -> TopicPartition.fromFolderName("t-x"));
    }

    @Test
    void shouldFailLoudlyForAnEngineNobodyProvides() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogEngines.open("nonexistent", java.nio.file.Path.of("/tmp")));
        assertTrue(e.getMessage().contains("nonexistent"));
    }

    @Test
    void shouldFollowTotalRetentionWhenLocalRetentionIsMinusTwo() {
        LogConfig config = LogConfig.of(Map.of("remote.storage.enable", "true", "retention.ms", "5000",
                "retention.bytes", "9000"));
        assertTrue(config.remoteStorageEnabled());
        assertEquals(5000, config.localRetentionMs());
        assertEquals(9000, config.localRetentionBytes());
        assertEquals(100, config.with(Map.of("local.retention.bytes", "100")).localRetentionBytes());
    }

    @Test
    void shouldRefuseLocalRetentionAboveTotalRetentionOnTieredTopics() {
        Map<String, String> tiered = Map.of("remote.storage.enable", "true", "retention.bytes", "1000");
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.of(tiered).with(Map.of("local.retention.bytes", "1001")));
        assertTrue(above.getMessage().contains("local.retention.bytes"), above.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of(tiered).with(Map.of("local.retention.bytes", "-1")));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("remote.storage.enable", "true",
                "retention.ms", "10", "local.retention.ms", "11")));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of(Map.of("remote.storage.enable", "true",
                "cleanup.policy", "compact")));
        // -1 total keeps everything: any local limit fits; untiered topics are not checked
        assertEquals(5, LogConfig.of(Map.of("remote.storage.enable", "true", "local.retention.bytes", "5"))
                .localRetentionBytes());
        assertEquals(1001, LogConfig.of(Map.of("retention.bytes", "1000", "local.retention.bytes", "1001"))
                .getLong(LogConfigKey.LOCAL_RETENTION_BYTES));
    }
}
