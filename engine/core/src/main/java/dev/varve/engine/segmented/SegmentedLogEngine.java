package dev.varve.engine.segmented;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.PartitionOfflineException;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.UncleanCloseException;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.spi.EngineContext;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The {@code segmented} engine: one data directory laid out as a Kafka log directory, a folder of
 * segment files per partition, plus Kafka's {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} and {@code .kafka_cleanshutdown} marker.
 *
 * <p>Opening the engine takes the directory's {@code .lock} (one process at a time) and consumes the
 * clean-shutdown marker, so a crash from then on counts as unclean; each partition is loaded (and, after
 * an unclean shutdown, recovered from its checkpointed recovery point) when first opened.
 * {@link #close()} flushes and closes every log, writes both checkpoints, then the marker; after an
 * I/O error failed a log (see {@link SegmentedPartitionLog}) it writes no marker, so the next open
 * recovers. Thread-safe.
 */
public final class SegmentedLogEngine implements LogEngine {
    /** The name the engine is registered under. */
    public static final String NAME = "segmented";
    private static final Logger LOG = Logger.getLogger(SegmentedLogEngine.class.getName());

    private final Path dataDirectory;
    private final Clock clock;
    private final DataDirectoryLock lock;
    private final boolean cleanShutdown;
    private final LogDirCheckpoints checkpoints;
    private final Map<TopicPartition, SegmentedPartitionLog> logs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, LocalDeletionBound> deletionBounds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    /** The first log an I/O error failed, kept after the log closes: while set, no clean-shutdown marker. */
    private volatile SegmentedPartitionLog firstFailed;
    private boolean closed;

    /**
     * How often the engine's background thread works, by Kafka's broker config names: retention
     * ({@code log.retention.check.interval.ms}, 300000), time-based flushes for logs with a
     * {@code flush.ms} ({@code log.flush.scheduler.interval.ms}; Varve checks every second by default,
     * which costs nothing while no log sets {@code flush.ms}), and checkpoints of recovery points and log
     * start offsets ({@code log.flush.offset.checkpoint.interval.ms}, 60000).
     */
    public record Schedule(long retentionCheckIntervalMs, long flushCheckIntervalMs, long checkpointIntervalMs) {
        public static final Schedule DEFAULT = new Schedule(300_000, 1_000, 60_000);

        public Schedule {
            if (retentionCheckIntervalMs <= 0 || flushCheckIntervalMs <= 0 || checkpointIntervalMs <= 0) {
                throw new IllegalArgumentException("intervals must be positive: " + retentionCheckIntervalMs + ", "
                        + flushCheckIntervalMs + ", " + checkpointIntervalMs);
            }
        }
    }

    private SegmentedLogEngine(EngineContext context, Schedule schedule) {
        this.dataDirectory = context.dataDirectory();
        this.clock = context.clock();
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new LogStorageException("open data directory", dataDirectory.toString(), e);
        }
        this.lock = DataDirectoryLock.acquire(dataDirectory);
        CleanShutdownMarker marker = new CleanShutdownMarker(dataDirectory);
        this.cleanShutdown = marker.exists();
        marker.delete();
        this.checkpoints = new LogDirCheckpoints(dataDirectory);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "varve-log-scheduler " + dataDirectory);
            thread.setDaemon(true);
            return thread;
        });
        every(schedule.retentionCheckIntervalMs(), this::enforceRetention);
        every(schedule.flushCheckIntervalMs(), () -> logs.values().forEach(SegmentedPartitionLog::flushIfDue));
        every(schedule.checkpointIntervalMs(), this::writeCheckpoints);
    }

    /** Opens the engine over the context's data directory, creating it if needed, with the default schedule. */
    public static SegmentedLogEngine open(EngineContext context) {
        return new SegmentedLogEngine(context, Schedule.DEFAULT);
    }

    /** Opens the engine with its background work on {@code schedule}. */
    public static SegmentedLogEngine open(EngineContext context, Schedule schedule) {
        return new SegmentedLogEngine(context, schedule);
    }

    private void every(long intervalMs, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (IllegalStateException closing) {
                // a log closed under the task: the engine is shutting down
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "background task failed on " + dataDirectory + ": " + e.getMessage(), e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Whether the previous engine on this directory shut down cleanly. */
    public boolean wasCleanShutdown() {
        return cleanShutdown;
    }

    @Override
    public synchronized PartitionLog open(TopicPartition partition, LogConfig config) {
        ensureOpen();
        SegmentedPartitionLog log = logs.get(partition);
        if (log != null) {
            log.updateConfig(config);
            return log;
        }
        Path dir = dataDirectory.resolve(partition.folderName());
        boolean clean = cleanShutdown || !Files.exists(dir);
        LogLoader.Loaded loaded = LogLoader.load(dir, partition, config, clean,
                checkpoints.recoveryPoint(partition), checkpoints.logStart(partition),
                clock.millis());
        log = new SegmentedPartitionLog(dir, partition, config, clock, loaded, new SegmentedPartitionLog.Owner() {
            @Override
            public void checkpointsChanged(SegmentedPartitionLog changed) {
                SegmentedLogEngine.this.checkpointsChanged(changed);
            }

            @Override
            public void closed(SegmentedPartitionLog closedLog) {
                forget(closedLog);
            }

            @Override
            public long localDeletableBelow(TopicPartition tiered) {
                LocalDeletionBound bound = deletionBounds.get(tiered);
                return bound == null ? Long.MIN_VALUE : bound.deletableBelow();
            }
        });
        logs.put(partition, log);
        return log;
    }

    /**
     * The cleaner's view of an open partition log ({@link CleanableLog}).
     *
     * @throws IllegalStateException when the partition is not open in this engine
     */
    public CleanableLog cleanable(TopicPartition partition) {
        SegmentedPartitionLog log = logs.get(partition);
        if (log == null) {
            throw new IllegalStateException("partition not open: partition=" + partition + ", dataDirectory=" + dataDirectory);
        }
        return log;
    }

    /** The cleaner's views of every partition log open now (a snapshot), for a cleaner that picks among them. */
    public List<CleanableLog> cleanableLogs() {
        return List.copyOf(logs.values());
    }

    /**
     * Registers how far retention may delete the local segments of {@code partition} while its topic has
     * {@code remote.storage.enable=true} (see {@link LocalDeletionBound}); replaces an earlier bound. Until a
     * bound is registered, retention deletes no segment of a tiered log. Kept across closes and reopens
     * of the log, for the engine's life.
     */
    public void localDeletionBound(TopicPartition partition, LocalDeletionBound bound) {
        deletionBounds.put(partition, bound);
    }

    private void forget(SegmentedPartitionLog log) {
        if (log.failure() != null && firstFailed == null) {
            firstFailed = log;
        }
        if (logs.remove(log.topicPartition(), log)) {
            checkpoints.record(log);
        }
    }

    private synchronized void checkpointsChanged(SegmentedPartitionLog log) {
        checkpoints.record(log);
        checkpoints.write();
    }

    @Override
    public Set<TopicPartition> partitions() {
        Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(dataDirectory, Files::isDirectory)) {
            for (Path folder : folders) {
                try {
                    partitions.add(TopicPartition.fromFolderName(folder.getFileName().toString()));
                } catch (IllegalArgumentException notAPartition) {
                    // another folder (a deleted partition's, a user's): not ours to list
                }
            }
        } catch (IOException e) {
            throw new LogStorageException("list partitions", dataDirectory.toString(), e);
        }
        return partitions;
    }

    @Override
    public synchronized void delete(TopicPartition partition) {
        ensureOpen();
        SegmentedPartitionLog log = logs.remove(partition);
        if (log != null) {
            log.close();
        }
        checkpoints.remove(partition);
        Path dir = dataDirectory.resolve(partition.folderName());
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = dataDirectory.resolve(partition.folderName() + "." + System.nanoTime() + "-delete");
        try {
            Files.move(dir, doomed);
            try (Stream<Path> files = Files.walk(doomed)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new LogStorageException("delete partition", dir.toString(), e);
        }
        writeCheckpoints();
    }

    /** Enforces retention on every open log now; returns the number of segments deleted. */
    public int enforceRetention() {
        int deleted = 0;
        for (SegmentedPartitionLog log : logs.values()) {
            deleted += log.enforceRetention();
        }
        return deleted;
    }

    /** Writes the recovery points and log start offsets of every partition to their checkpoint files. */
    public synchronized void writeCheckpoints() {
        for (SegmentedPartitionLog log : logs.values()) {
            checkpoints.record(log);
        }
        checkpoints.write();
    }

    @Override
    public void close() {
        stopScheduler();
        synchronized (this) {
            closeLogs();
        }
    }

    /**
     * Closes every log, then records the clean shutdown (checkpoints, then the marker) only when every
     * log closed healthy. Releases the directory whatever fails. Throws, in this order: the first
     * failure of a log (an error of its close, or a {@link PartitionOfflineException} for a log an
     * earlier I/O error failed); else an {@link UncleanCloseException} when the checkpoints or the
     * marker could not be written (nothing lost, the next open recovers).
     */
    private void closeLogs() {
        if (closed) {
            return;
        }
        RuntimeException logFailure = null;
        for (SegmentedPartitionLog log : List.copyOf(logs.values())) {
            try {
                log.close();
            } catch (RuntimeException e) {
                logFailure = first(logFailure, e);
            }
        }
        SegmentedPartitionLog failed = firstFailed;
        if (failed != null && logFailure == null) {
            logFailure = new PartitionOfflineException(failed.topicPartition(), failed.failure());
        }
        logs.clear();
        try {
            writeCheckpoints();
            if (logFailure == null) {
                new CleanShutdownMarker(dataDirectory).write(0);
            }
        } catch (LogStorageException e) {
            logFailure = first(logFailure, logFailure == null ? new UncleanCloseException(dataDirectory.toString(), e) : e);
        } finally {
            release();
        }
        if (logFailure != null) {
            throw logFailure;
        }
    }

    private static RuntimeException first(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * Abandons the engine as a killed process would: files are released without a flush, no checkpoint
     * or clean-shutdown marker is written, so the next open recovers. For crash tests.
     */
    public void halt() {
        abandon(SegmentedPartitionLog::halt);
    }

    /**
     * Simulates a power loss: every open log keeps what it flushed plus a random part (chosen by
     * {@code seed}) of what it did not, sometimes with a torn, garbage tail; then the engine halts as
     * {@link #halt()} does. For crash tests: reopening must recover a valid prefix holding everything
     * flushed.
     */
    public void losePowerAndHalt(long seed) {
        Random random = new Random(seed);
        abandon(log -> log.losePowerAndHalt(random));
    }

    private void abandon(Consumer<SegmentedPartitionLog> release) {
        stopScheduler();
        synchronized (this) {
            if (!closed) {
                logs.values().forEach(release);
                logs.clear();
                release();
            }
        }
    }

    private void release() {
        closed = true;
        lock.close();
    }

    private void stopScheduler() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning(() -> "background task still running after 10 s on " + dataDirectory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("engine closed: dataDirectory=" + dataDirectory);
        }
    }
}
