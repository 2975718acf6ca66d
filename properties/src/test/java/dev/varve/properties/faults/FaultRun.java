package dev.varve.properties.faults;

import dev.varve.compaction.CleanerCheckpoint;
import dev.varve.compaction.LogCleaner;
import dev.varve.compaction.OffsetMap;
import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.VarveException;
import dev.varve.engine.fault.FaultyFileSystem;
import dev.varve.engine.fault.Faults;
import dev.varve.engine.fault.KafkaFolderOracle;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.properties.engine.KitClock;
import dev.varve.properties.faults.FaultScenario.Append;
import dev.varve.properties.faults.FaultScenario.Step;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link FaultScenario} on real files: the steps on an engine over a {@link FaultyFileSystem} with
 * the fault armed, then a close or a power loss, then a reopen on the real directory and the checks.
 * Throws an {@link AssertionError} naming the broken promise. Not thread-safe.
 */
final class FaultRun {
    static final TopicPartition PARTITION = new TopicPartition("faulty", 0);
    private static final SegmentedLogEngine.Schedule QUIET = new SegmentedLogEngine.Schedule(3_600_000, 3_600_000, 3_600_000);
    private static final int KEYS = 5;

    private final Path dir;
    private final FaultScenario scenario;
    private final LogConfig config;
    private final Faults faults = new Faults();
    private final KitClock clock = new KitClock(1_700_000_000_000L);
    /** offset -> "key=value" of every record an append acknowledged. */
    private final TreeMap<Long, String> acked = new TreeMap<>();
    private SegmentedLogEngine engine;
    private PartitionLog log;
    private long values;
    private long maxLogStart;
    private boolean retentionFailed;
    private String failure;

    private FaultRun(Path dir, FaultScenario scenario) {
        this.dir = dir;
        this.scenario = scenario;
        Map<String, String> overrides = new HashMap<>(Map.of("segment.bytes", "1024", "index.interval.bytes", "128",
                "segment.index.bytes", "1024", "flush.messages", "1", "file.delete.delay.ms", "0", "min.compaction.lag.ms", "0"));
        overrides.put("cleanup.policy", scenario.compact() ? "compact" : "delete");
        if (!scenario.compact()) {
            overrides.put("retention.bytes", "2048");
        }
        this.config = LogConfig.of(overrides);
    }

    /** Runs {@code scenario} in the empty directory {@code dir}; returns whether the fault fired. */
    static boolean run(Path dir, FaultScenario scenario) {
        FaultRun run = new FaultRun(dir, scenario);
        run.runSteps();
        run.crashOrClose();
        run.reopenAndCheck();
        return run.faults.everFired();
    }

    private void runSteps() {
        FaultScenario.Fault fault = scenario.fault();
        engine = SegmentedLogEngine.open(new EngineContext(FaultyFileSystem.with(faults).wrap(dir), clock), QUIET);
        log = engine.open(PARTITION, config);
        faults.arm(fault.op(), Faults.FileKind.ANY, fault.nth(), fault.type().kind(), fault.sticky());
        int index = 0;
        for (Step step : scenario.steps()) {
            index++;
            clock.advance(10);
            try {
                execute(step);
                maxLogStart = Math.max(maxLogStart, log.logStartOffset());
            } catch (VarveException | IllegalStateException e) {
                check(faults.fired(), "step " + index + " (" + step + ") failed with no fault injected: " + e);
                retentionFailed |= step instanceof FaultScenario.Retention || step instanceof FaultScenario.Clean;
                failure = failure == null ? "step " + index + " (" + step + "): " + e.getMessage() : failure;
            }
        }
    }

    private void execute(Step step) {
        if (step instanceof Append append) {
            append(append);
        } else if (step instanceof FaultScenario.Roll) {
            log.roll();
        } else if (step instanceof FaultScenario.Flush) {
            log.flush();
        } else if (step instanceof FaultScenario.Clean) {
            clean();
        } else {
            engine.enforceRetention();
        }
    }

    private void append(Append append) {
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        Map<Integer, String> records = new HashMap<>();
        int n = 0;
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            for (int b = 0; b < append.batches(); b++) {
                builder.reset(0);
                for (int r = 0; r < append.records(); r++) {
                    long value = values++;
                    String key = "k" + value % KEYS;
                    String text = "v" + value + "-" + "x".repeat((int) (value % 50));
                    builder.append(clock.millis(), key.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
                    records.put(n++, key + "=" + text);
                }
                all.put(builder.build());
            }
        }
        AppendResult result = log.append(all.flip());
        records.forEach((i, record) -> acked.put(result.firstOffset() + i, record));
    }

    private void clean() {
        if (!scenario.compact()) {
            return;
        }
        try (LogCleaner cleaner = new LogCleaner(new CleanerCheckpoint(FaultyFileSystem.with(faults).wrap(dir)),
                new OffsetMap(64 * OffsetMap.BYTES_PER_ENTRY), 4096, clock)) {
            cleaner.clean(engine.cleanable(PARTITION));
        }
    }

    private void crashOrClose() {
        if (scenario.powerLoss()) {
            faults.disarm(); // the simulated power loss cuts files itself: not the engine's I/O
            engine.losePowerAndHalt(scenario.powerLossSeed());
            return;
        }
        try {
            engine.close();
        } catch (VarveException e) {
            check(faults.fired(), "close failed with no fault injected: " + e);
        }
    }

    private void reopenAndCheck() {
        faults.disarm();
        Map<Long, String> found;
        long logStart;
        long logEnd;
        try (SegmentedLogEngine reopened = SegmentedLogEngine.open(new EngineContext(dir, clock), QUIET)) {
            PartitionLog recovered = reopened.open(PARTITION, config);
            logStart = recovered.logStartOffset();
            logEnd = recovered.logEndOffset();
            found = readAll(recovered);
            check(recovered.append(oneRecord()).firstOffset() == logEnd, "the reopened log takes appends at its end " + logEnd);
        }
        long ackedEnd = acked.isEmpty() ? 0 : acked.lastKey() + 1;
        check(logEnd >= ackedEnd, "log end " + logEnd + " below the acknowledged end " + ackedEnd);
        check(retentionFailed || logStart <= maxLogStart, "log start " + logStart + " past the last one seen, " + maxLogStart);
        Map<String, Long> latest = new HashMap<>();
        acked.forEach((offset, record) -> latest.put(record.substring(0, record.indexOf('=')), offset));
        for (Map.Entry<Long, String> entry : acked.tailMap(logStart, true).entrySet()) {
            long offset = entry.getKey();
            String key = entry.getValue().substring(0, entry.getValue().indexOf('='));
            boolean required = !scenario.compact() || latest.get(key) == offset;
            check(!required || entry.getValue().equals(found.get(offset)),
                    "acknowledged record at offset " + offset + " (" + entry.getValue() + ") read back as " + found.get(offset));
        }
        for (Map.Entry<Long, String> entry : found.entrySet()) {
            if (entry.getKey() < ackedEnd) {
                check(entry.getValue().equals(acked.get(entry.getKey())), "offset " + entry.getKey() + " holds " + entry.getValue()
                        + ", acknowledged as " + acked.get(entry.getKey()));
            }
        }
        KafkaFolderOracle.assertAccepts(dir.resolve(PARTITION.folderName()));
    }

    private static ByteBuffer oneRecord() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.append(1, "k0".getBytes(StandardCharsets.UTF_8), "after".getBytes(StandardCharsets.UTF_8));
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    private Map<Long, String> readAll(PartitionLog log) {
        Map<Long, String> found = new TreeMap<>();
        long offset = log.logStartOffset();
        try (RecordReader records = new RecordReader()) {
            while (offset < log.logEndOffset()) {
                ReadResult result = log.read(offset, 64 * 1024, Long.MAX_VALUE);
                RecordBatchReader batches = new RecordBatchReader().reset(result.records().toBuffer());
                long before = offset;
                while (batches.next()) {
                    records.open(batches.batch());
                    while (records.next()) {
                        if (records.offset() >= offset) {
                            found.put(records.offset(), new String(records.key(), StandardCharsets.UTF_8) + "="
                                    + new String(records.value(), StandardCharsets.UTF_8));
                        }
                    }
                    offset = batches.batch().nextOffset();
                }
                check(offset > before, "a read from offset " + before + " made no progress");
            }
        }
        return found;
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message + (failure == null ? "" : "; first failure: " + failure));
        }
    }
}
