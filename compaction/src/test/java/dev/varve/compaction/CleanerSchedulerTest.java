package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which log {@link CleanerScheduler} cleans when: the dirtiest qualifying one first, none below
 * {@code min.cleanable.dirty.ratio} unless {@code max.compaction.lag.ms} forces it, never a log that is
 * not compacted; and its background thread cleans a dirty log without being asked.
 */
class CleanerSchedulerTest {
    private static final long NOW = 1_000_000;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final LogConfig COMPACTED = LogConfig.of(Map.of("cleanup.policy", "compact", "segment.bytes", "8192"));
    private static final CleanerScheduler.Settings SMALL = new CleanerScheduler.Settings(1, 1 << 20, 64 << 10, Double.MAX_VALUE, 20);

    @TempDir
    Path dir;

    private static PartitionLog filled(SegmentedLogEngine engine, String topic, LogConfig config, int updates, int keys) {
        PartitionLog log = engine.open(new TopicPartition(topic, 0), config);
        LogCleanerTest.produce(log, topic.hashCode(), updates, keys, topic);
        log.roll();
        return log;
    }

    @Test
    void shouldCleanTheDirtiestQualifyingLogFirstAndSkipTheRest() {
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, CLOCK))) {
            CleanerScheduler scheduler = new CleanerScheduler(engine::cleanableLogs, new CleanerCheckpoint(dir), SMALL, CLOCK);
            filled(engine, "plain", LogConfig.of(Map.of("segment.bytes", "8192")), 1000, 50);
            PartitionLog mostlyClean = filled(engine, "mostly-clean", COMPACTED, 2000, 1_000_000);
            try (LogCleaner cleaner = scheduler.newCleaner()) {
                assertEquals("mostly-clean-0", scheduler.cleanFilthiest(cleaner).orElseThrow().partition().toString());
                LogCleanerTest.produce(mostlyClean, 1, 100, 1_000_000, "more");
                mostlyClean.roll();
                filled(engine, "dirty", COMPACTED, 1000, 50);
                assertEquals("dirty-0", scheduler.cleanFilthiest(cleaner).orElseThrow().partition().toString());
                Optional<CleaningSummary> none = scheduler.cleanFilthiest(cleaner);
                assertTrue(none.isEmpty(), () -> "below min.cleanable.dirty.ratio and not compacted: " + none);

                engine.open(new TopicPartition("mostly-clean", 0), COMPACTED.with(Map.of("max.compaction.lag.ms", "1000")));
                assertEquals("mostly-clean-0", scheduler.cleanFilthiest(cleaner).orElseThrow().partition().toString(),
                        "max.compaction.lag.ms forces a pass below the ratio");
                assertTrue(scheduler.cleanFilthiest(cleaner).isEmpty());
                assertEquals(3, scheduler.passes());
            }
        }
    }

    @Test
    void shouldCleanADirtyLogInTheBackground() throws InterruptedException {
        try (SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, CLOCK));
                CleanerScheduler scheduler = new CleanerScheduler(engine::cleanableLogs, new CleanerCheckpoint(dir), SMALL, CLOCK)) {
            scheduler.start();
            filled(engine, "users", COMPACTED, 2000, 50);
            for (int i = 0; i < 500 && scheduler.passes() == 0; i++) {
                Thread.sleep(10);
            }
            assertTrue(scheduler.passes() >= 1, "cleaned within 5 s");
        }
    }
}
