package dev.varve.engine.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogEngines;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCatalogTest {
    @TempDir
    Path dir;

    @Test
    void shouldCreateListAndDescribeTopics() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("orders", 3, Map.of("retention.ms", "1000"));
            catalog.create("audit", 1, Map.of());

            assertEquals(List.of("audit", "orders"), catalog.list());
            TopicDescription orders = catalog.describe("orders");
            assertEquals(3, orders.partitions().size());
            assertEquals(Map.of("retention.ms", "1000"), orders.config().overrides());
            assertEquals("1000", orders.config().get(LogConfigKey.RETENTION_MS));
            assertEquals(LogConfigKey.SEGMENT_BYTES.defaultValue(), orders.config().get(LogConfigKey.SEGMENT_BYTES));
            for (PartitionDescription partition : orders.partitions()) {
                assertEquals(0, partition.logStartOffset());
                assertEquals(0, partition.logEndOffset());
                assertEquals(0, partition.sizeBytes());
            }
            assertTrue(Files.isDirectory(dir.resolve("orders-2")));
        }
    }

    @Test
    void shouldRefuseBadNamesPartitionCountsAndConfigsNamingThem() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            assertMessageContains("invalid topic name 'a/b'", () -> catalog.create("a/b", 1, Map.of()));
            assertMessageContains("partitions must be at least 1", () -> catalog.create("t", 0, Map.of()));
            assertMessageContains("unknown topic config 'retention.mss'", () -> catalog.create("t", 1, Map.of("retention.mss", "1")));
            assertMessageContains("invalid value for segment.bytes: 'lots'", () -> catalog.create("t", 1, Map.of("segment.bytes", "lots")));
            assertEquals(List.of(), catalog.list());
            assertFalse(Files.exists(dir.resolve("t-0")));
        }
    }

    @Test
    void shouldRefuseAnExistingTopicWithKafkaCode36() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("t", 2, Map.of());
            TopicExistsException e = assertThrows(TopicExistsException.class, () -> catalog.create("t", 5, Map.of()));
            assertEquals(36, e.kafkaErrorCode());
            assertEquals("topic already exists: topic=t, partitions=2", e.getMessage());
            assertEquals(2, catalog.metadata("t").partitions());
        }
    }

    @Test
    void shouldReportUnknownTopicsAndPartitionsWithKafkaCode3() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("t", 2, Map.of());
            for (Runnable call : List.<Runnable>of(() -> catalog.describe("nope"), () -> catalog.open("nope", 0),
                    () -> catalog.delete("nope"), () -> catalog.alter("nope", Map.of(), List.of()))) {
                UnknownTopicOrPartitionException e = assertThrows(UnknownTopicOrPartitionException.class, call::run);
                assertEquals(3, e.kafkaErrorCode());
                assertEquals("unknown topic: topic=nope", e.getMessage());
            }
            UnknownTopicOrPartitionException e = assertThrows(UnknownTopicOrPartitionException.class, () -> catalog.open("t", 2));
            assertEquals("unknown partition: topic=t, partition=2, partitions=2 (valid: 0..1)", e.getMessage());
            assertThrows(UnknownTopicOrPartitionException.class, () -> catalog.open("t", -1));
        }
    }

    @Test
    void shouldFindTopicsConfigsAndDataAfterReopen() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("t", 2, Map.of("cleanup.policy", "compact", "segment.bytes", "4096"));
            append(catalog.open("t", 1), 5);
        }
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            assertEquals(List.of("t"), catalog.list());
            TopicDescription t = catalog.describe("t");
            assertEquals(Map.of("cleanup.policy", "compact", "segment.bytes", "4096"), t.config().overrides());
            assertEquals(5, t.partitions().get(1).logEndOffset());
            assertTrue(t.partitions().get(1).sizeBytes() > 0);
            assertEquals(t.config(), catalog.open("t", 0).config());
        }
    }

    @Test
    void shouldApplyAlteredConfigToOpenLogsAndPersistIt() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("t", 1, Map.of("retention.ms", "1000", "segment.ms", "5000"));
            PartitionLog log = catalog.open("t", 0);

            catalog.alter("t", Map.of("retention.bytes", "123"), List.of("retention.ms"));

            assertSame(log, catalog.open("t", 0));
            assertEquals(Map.of("retention.bytes", "123", "segment.ms", "5000"), log.config().overrides());
            assertMessageContains("unknown topic config 'nope'", () -> catalog.alter("t", Map.of(), List.of("nope")));
            assertMessageContains("invalid value for retention.bytes", () -> catalog.alter("t", Map.of("retention.bytes", "-7"), List.of()));
            assertEquals(123, catalog.open("t", 0).config().retentionBytes());
        }
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            assertEquals(Map.of("retention.bytes", "123", "segment.ms", "5000"),
                    TopicCatalog.open(engine, dir).metadata("t").config().overrides());
        }
    }

    @Test
    void shouldApplyAlteredConfigOnAnEngineThatKeepsTheOldOneByReopening() {
        MemoryLogEngine.discard(dir);
        try (LogEngine engine = LogEngines.open("memory", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("t", 1, Map.of());
            append(catalog.open("t", 0), 3);
            catalog.alter("t", Map.of("retention.ms", "77"), List.of());
            PartitionLog log = catalog.open("t", 0);
            assertEquals(77, log.config().retentionMs());
            assertEquals(3, log.logEndOffset());
            assertEquals(-1, catalog.describe("t").partitions().get(0).sizeBytes());
        } finally {
            MemoryLogEngine.discard(dir);
        }
    }

    @Test
    void shouldDeletePartitionsAndMetadata() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("t", 3, Map.of());
            catalog.create("u", 1, Map.of());
            append(catalog.open("t", 0), 2);
            catalog.delete("t");
            assertEquals(List.of("u"), catalog.list());
            assertEquals(Set.of(new TopicPartition("u", 0)), engine.partitions());
            assertFalse(Files.exists(metadataFile("t")));
            catalog.create("t", 1, Map.of());
            assertEquals(0, catalog.open("t", 0).logEndOffset());
        }
    }

    @Test
    void shouldFinishADeleteThatACrashInterrupted() {
        SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, Clock.systemUTC()));
        TopicCatalog catalog = TopicCatalog.open(engine, dir);
        catalog.create("t", 3, Map.of());
        append(catalog.open("t", 2), 4);
        // the crash: the metadata says deleting, one partition is gone, two are left
        TopicMetadataFile.write(dir.resolve(TopicMetadataFile.DIRECTORY), catalog.metadata("t").markedDeleting());
        engine.delete(new TopicPartition("t", 0));
        engine.halt();

        try (LogEngine reopened = LogEngines.open("segmented", dir)) {
            TopicCatalog recovered = TopicCatalog.open(reopened, dir);
            assertEquals(List.of(), recovered.list());
            assertEquals(Set.of(), reopened.partitions());
            assertFalse(Files.exists(metadataFile("t")));
        }
    }

    @Test
    void shouldRecoverPartitionsOnOpenAfterACrash() {
        SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, Clock.systemUTC()));
        TopicCatalog catalog = TopicCatalog.open(engine, dir);
        catalog.create("t", 2, Map.of());
        PartitionLog log = catalog.open("t", 1);
        append(log, 10);
        log.flush();
        engine.halt();

        try (LogEngine reopened = LogEngines.open("segmented", dir)) {
            TopicCatalog recovered = TopicCatalog.open(reopened, dir);
            assertEquals(10, recovered.describe("t").partitions().get(1).logEndOffset());
        }
    }

    @Test
    void shouldAdoptPartitionFoldersThatHaveNoMetadata() {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            append(engine.open(new TopicPartition("legacy", 0), dev.varve.engine.api.LogConfig.defaults()), 1);
            engine.open(new TopicPartition("legacy", 2), dev.varve.engine.api.LogConfig.defaults());
        }
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            assertEquals(List.of("legacy"), catalog.list());
            assertEquals(3, catalog.metadata("legacy").partitions());
            assertEquals(1, catalog.open("legacy", 0).logEndOffset());
            assertTrue(Files.exists(metadataFile("legacy")));
        }
    }

    @Test
    void shouldWriteTheDocumentedFormatAndReadItBack() throws Exception {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog.open(engine, dir).create("t.x-1", 4, Map.of("segment.ms", "60000", "cleanup.policy", "compact"));
        }
        assertEquals("""
                # Varve topic metadata
                format.version=1
                topic=t.x-1
                partitions=4
                state=live
                config.cleanup.policy=compact
                config.segment.ms=60000
                checksum=%s
                """.formatted(crc32c("""
                # Varve topic metadata
                format.version=1
                topic=t.x-1
                partitions=4
                state=live
                config.cleanup.policy=compact
                config.segment.ms=60000
                """)), Files.readString(metadataFile("t.x-1")));
        TopicMetadata read = TopicMetadataFile.read(metadataFile("t.x-1"));
        assertEquals(4, read.partitions());
        assertEquals(Map.of("segment.ms", "60000", "cleanup.policy", "compact"), read.config().overrides());
    }

    @Test
    void shouldTakeOfflineATopicWhoseMetadataFileItCannotReadBackNamingIt() throws Exception {
        Path metadata = dir.resolve(TopicMetadataFile.DIRECTORY);
        Files.createDirectories(metadata);
        Files.writeString(metadata.resolve("t.properties"), "format.version=1\ntopic=u\npartitions=1\nstate=live\n");
        assertOffline("t", "topic=u does not match");
        Files.writeString(metadata.resolve("t.properties"), "format.version=1\ntopic=t\npartitions=1\nstate=live\nconfig.x=1\n");
        assertOffline("t", "unknown topic config 'x'");
        Files.writeString(metadata.resolve("t.properties"), "format.version=1\ntopic=t\npartitions=1\nstate=live\nsize=1\n");
        assertOffline("t", "unknown key 'size'");
        Files.write(metadata.resolve("t.properties"), new byte[] {'t', 'o', 'p', 'i', 'c', '=', (byte) 0xC3, '\n'});
        assertOffline("t", "not UTF-8 text");
    }

    private void assertOffline(String topic, String reason) {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            assertEquals(List.of(), catalog.list());
            OfflineTopic offline = catalog.offline().get(0);
            assertEquals(topic, offline.topic());
            assertTrue(offline.reason().contains(reason), offline.reason());
            TopicOfflineException e = assertThrows(TopicOfflineException.class, () -> catalog.open(topic, 0));
            assertEquals(topic, e.topic());
            assertEquals(metadataFile(topic).toString(), e.file());
            assertTrue(e.getMessage().contains(reason), e.getMessage());
        }
    }

    /**
     * Issue 11: a bad byte in one topic's file takes that topic offline, never the others; its partitions
     * are neither opened nor adopted with default configs, so its data and its file stay as they were.
     */
    @Test
    void shouldServeEveryOtherTopicWhenOneTopicsMetadataFileIsDamaged() throws Exception {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            catalog.create("good", 2, Map.of());
            catalog.create("bad", 2, Map.of("cleanup.policy", "compact"));
            append(catalog.open("good", 1), 1);
            append(catalog.open("bad", 1), 1);
        }
        byte[] damaged = Files.readAllBytes(metadataFile("bad"));
        damaged[damaged.length - 20] ^= 0x01; // inside "compact": the checksum catches what the parser would accept
        Files.write(metadataFile("bad"), damaged);
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog catalog = TopicCatalog.open(engine, dir);
            assertEquals(List.of("good"), catalog.list());
            assertEquals("bad", catalog.offline().get(0).topic());
            assertTrue(catalog.offline().get(0).reason().contains("checksum mismatch"), catalog.offline().toString());
            assertEquals(1, catalog.open("good", 1).logEndOffset());
            append(catalog.open("good", 1), 1);
            assertEquals(2, catalog.open("good", 1).logEndOffset());
            for (Runnable use : List.<Runnable>of(() -> catalog.describe("bad"), () -> catalog.metadata("bad"),
                    () -> catalog.alter("bad", Map.of(), List.of()), () -> catalog.delete("bad"),
                    () -> catalog.create("bad", 1, Map.of()))) {
                assertEquals("bad", assertThrows(TopicOfflineException.class, use::run).topic());
            }
        }
        assertEquals(List.of(damaged[0], damaged[damaged.length - 20]),
                List.of(Files.readAllBytes(metadataFile("bad"))[0], Files.readAllBytes(metadataFile("bad"))[damaged.length - 20]),
                "the damaged file is left for repair");
        assertTrue(Files.exists(dir.resolve("bad-1")));
    }

    /** A count that shrank (a digit changed in an old file without checksum) would hide partitions: offline. */
    @Test
    void shouldTakeOfflineATopicWithPartitionFoldersBeyondItsCount() throws Exception {
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            TopicCatalog.open(engine, dir).create("t", 3, Map.of());
        }
        Files.writeString(metadataFile("t"), "format.version=1\ntopic=t\npartitions=2\nstate=live\n");
        assertOffline("t", "partition folder t-2 exists beyond partitions=2");
    }

    @Test
    void shouldIgnoreTheLeftoverOfAnInterruptedReplace() throws Exception {
        Path metadata = dir.resolve(TopicMetadataFile.DIRECTORY);
        Files.createDirectories(metadata);
        Files.writeString(metadata.resolve("t.properties.tmp"), "format.vers");
        try (LogEngine engine = LogEngines.open("segmented", dir)) {
            assertEquals(List.of(), TopicCatalog.open(engine, dir).list());
        }
        assertFalse(Files.exists(metadata.resolve("t.properties.tmp")));
    }

    private static String crc32c(String text) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private Path metadataFile(String topic) {
        return TopicMetadataFile.fileOf(dir.resolve(TopicMetadataFile.DIRECTORY), topic);
    }

    private static void append(PartitionLog log, int records) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            for (int i = 0; i < records; i++) {
                builder.append(1_700_000_000_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            log.append(builder.build());
        }
    }

    private static void assertMessageContains(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
