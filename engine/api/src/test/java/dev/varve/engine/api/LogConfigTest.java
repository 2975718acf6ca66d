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
}
