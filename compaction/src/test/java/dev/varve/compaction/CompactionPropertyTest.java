package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random interleavings of keyed appends (with tombstones), rolls, flushes, cleanings (with an offset
 * map so small that most passes stop part-way), clean reopens, kills and power losses, on the real
 * {@code segmented} engine with the {@link LogCleaner}, against a model of everything appended. After
 * every step: what a consumer reads from the log start is a subsequence of what was written, in
 * offset order, offsets and values unchanged; the latest record of every key is there (a tombstone may
 * be gone, and then so is every older record of its key); a cleaning never moves the log end; a power
 * loss keeps at least everything flushed. With {@code delete.retention.ms=0} a tombstone goes in the
 * first pass after the one that kept it, so the outcome does not depend on the wall clock's values
 * (only on its never going back). A failure prints the seed and the steps; pin it with
 * {@code checkSeed(seed)}. {@code -Dvarve.property.examples=N} (or {@code -Pdeep}) sets the count.
 */
class CompactionPropertyTest {
    private static final TopicPartition TP = new TopicPartition("state", 0);
    private static final LogConfig CONFIG = LogConfig.of(Map.of("cleanup.policy", "compact", "segment.bytes", "2048",
            "index.interval.bytes", "128", "delete.retention.ms", "0"));
    private static final int STEPS = 80;

    @TempDir
    Path root;

    @Test
    void shouldKeepEveryKeysLatestRecordThroughCleaningsAndCrashes() {
        qt().withExamples(Math.max(1, Integer.getInteger("varve.property.examples", 200) / 25)).withShrinkCycles(0)
                .forAll(longs().all())
                .checkAssert(this::checkSeed);
    }

    @Test
    void shouldKeepTheCleanedPrefixThroughAPowerLossAfterAPartialPass() {
        checkSeed(1L);
    }

    void checkSeed(long seed) {
        List<String> steps = new ArrayList<>();
        try {
            run(seed, steps);
        } catch (AssertionError | RuntimeException | IOException e) {
            throw new AssertionError("seed=" + seed + " (pin with checkSeed(" + seed + "L)), steps: " + steps, e);
        }
    }

    private void run(long seed, List<String> steps) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = Files.createTempDirectory(root, "example");
        Clock clock = Clock.systemUTC();
        List<String[]> written = new ArrayList<>();
        long flushedEnd = 0;
        SegmentedLogEngine engine = SegmentedLogEngine.open(new EngineContext(dir, clock));
        LogCleaner cleaner = cleaner(dir, clock, random);
        PartitionLog log = engine.open(TP, CONFIG);
        try {
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(100);
                if (action < 55) {
                    int count = 1 + random.nextInt(5);
                    append(log, random, count, clock.millis(), written);
                    steps.add("append " + count);
                } else if (action < 65) {
                    log.roll();
                    steps.add("roll");
                } else if (action < 70) {
                    log.flush();
                    flushedEnd = log.logEndOffset();
                    steps.add("flush");
                } else if (action < 85) {
                    long end = log.logEndOffset();
                    CleaningSummary summary = cleaner.clean(engine.cleanable(TP));
                    steps.add("clean " + summary.firstDirtyOffset() + ".." + summary.cleanedUpTo());
                    assertEquals(end, log.logEndOffset(), "a cleaning never moves the log end");
                    // the swapped segments were durable (flushed now or before), up to at least the map's end
                    flushedEnd = Math.max(flushedEnd, summary.cleanedUpTo());
                } else {
                    int kind = random.nextInt(3);
                    if (kind == 0) {
                        engine.close();
                        flushedEnd = written.size();
                        steps.add("reopen");
                    } else if (kind == 1) {
                        engine.halt();
                        steps.add("kill");
                    } else {
                        long powerSeed = random.nextLong();
                        engine.losePowerAndHalt(powerSeed);
                        steps.add("power loss " + powerSeed);
                    }
                    cleaner.close();
                    engine = SegmentedLogEngine.open(new EngineContext(dir, clock));
                    cleaner = cleaner(dir, clock, random);
                    log = engine.open(TP, CONFIG);
                    long end = log.logEndOffset();
                    assertTrue(end >= flushedEnd && end <= written.size(),
                            "recovered log end " + end + " within [flushed " + flushedEnd + ", written " + written.size() + "]");
                    written.subList((int) end, written.size()).clear();
                    flushedEnd = Math.min(flushedEnd, end);
                }
                check(log, written);
            }
        } finally {
            cleaner.close();
            engine.close();
        }
    }

    private static LogCleaner cleaner(Path dir, Clock clock, SplittableRandom random) {
        int keysInMap = 3 + random.nextInt(30);
        return new LogCleaner(new CleanerCheckpoint(dir), new OffsetMap((int) (keysInMap / OffsetMap.LOAD_FACTOR + 1) * OffsetMap.BYTES_PER_ENTRY),
                4096, clock);
    }

    private static void append(PartitionLog log, SplittableRandom random, int count, long nowMs, List<String[]> written) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            for (int i = 0; i < count; i++) {
                String key = "k" + random.nextInt(12);
                String value = random.nextInt(6) == 0 ? null : "v" + written.size() + "-" + "x".repeat(random.nextInt(60));
                builder.append(nowMs, key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8));
                written.add(new String[] {key, value});
            }
            ByteBuffer built = builder.build();
            log.append(ByteBuffer.allocate(built.remaining()).put(built).flip());
        }
    }

    private static void check(PartitionLog log, List<String[]> written) {
        assertEquals(written.size(), log.logEndOffset(), "log end");
        Map<String, Long> read = new HashMap<>();
        long previous = -1;
        for (String[] record : LogCleanerTest.readAll(log)) {
            int offset = Integer.parseInt(record[0]);
            assertTrue(offset > previous, "offsets increase: " + offset + " after " + previous);
            previous = offset;
            assertEquals(written.get(offset)[0], record[1], "key at " + offset);
            assertEquals(written.get(offset)[1], record[2], "value at " + offset);
            read.put(record[1], (long) offset);
        }
        Map<String, Integer> latest = new HashMap<>();
        for (int offset = 0; offset < written.size(); offset++) {
            latest.put(written.get(offset)[0], offset);
        }
        latest.forEach((key, offset) -> {
            boolean tombstone = written.get(offset)[1] == null;
            Long lastRead = read.get(key);
            if (tombstone && lastRead == null) {
                return;
            }
            assertTrue(Objects.equals(lastRead, (long) offset), "key " + key + ": latest at " + offset + ", last read at " + lastRead);
        });
    }
}
