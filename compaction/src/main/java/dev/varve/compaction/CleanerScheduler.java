package dev.varve.compaction;

import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.segmented.CleanableLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides which compacted log to clean when, and runs the cleaner threads, as Kafka's
 * {@code LogCleanerManager} and {@code CleanerThread} do: among the logs whose {@code cleanup.policy}
 * includes {@code compact} and that no thread is cleaning, a log qualifies when its dirty ratio
 * ({@link DirtySection}) reaches {@code min.cleanable.dirty.ratio}, or when {@code max.compaction.lag.ms}
 * has passed since its first dirty batch and it has dirty bytes; the one with the highest ratio goes
 * first. {@code log.cleaner.threads} threads each own a {@link LogCleaner} and an equal share of
 * {@code log.cleaner.dedupe.buffer.size}, share one {@link IoThrottle}, and sleep
 * {@code log.cleaner.backoff.ms} when nothing qualifies. A log whose pass throws is marked uncleanable
 * and skipped until the scheduler is recreated (Kafka: until the broker restarts).
 *
 * <p>The logs come from a supplier (the engine's {@code cleanableLogs()}), so the engine does not know
 * the cleaner; whoever embeds both composes them. Thread-safe; {@link #close()} stops the threads
 * within one pass.
 */
public final class CleanerScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CleanerScheduler.class.getName());

    /**
     * The broker-level settings, Kafka's names: {@code log.cleaner.threads} (1),
     * {@code log.cleaner.dedupe.buffer.size} (128 MiB), {@code log.cleaner.io.buffer.size} (512 KiB),
     * {@code log.cleaner.io.max.bytes.per.second} (unlimited), {@code log.cleaner.backoff.ms} (15 s).
     */
    public record Settings(int threads, long dedupeBufferBytes, int ioBufferBytes, double ioMaxBytesPerSecond, long backoffMs) {
        public static final Settings DEFAULTS = new Settings(1, OffsetMap.DEFAULT_DEDUPE_BUFFER_BYTES, 512 << 10, Double.MAX_VALUE, 15_000);

        /** @throws IllegalArgumentException on a non-positive value */
        public Settings {
            if (threads < 1 || dedupeBufferBytes < OffsetMap.BYTES_PER_ENTRY * (long) threads || ioBufferBytes < 128
                    || !(ioMaxBytesPerSecond > 0) || backoffMs < 1) {
                throw new IllegalArgumentException("threads=" + threads + ", dedupeBufferBytes=" + dedupeBufferBytes
                        + ", ioBufferBytes=" + ioBufferBytes + ", ioMaxBytesPerSecond=" + ioMaxBytesPerSecond + ", backoffMs=" + backoffMs);
            }
        }
    }

    private final Supplier<? extends Collection<CleanableLog>> logs;
    private final CleanerCheckpoint checkpoint;
    private final Settings settings;
    private final Clock clock;
    private final IoThrottle throttle;
    private final Set<TopicPartition> inProgress = new HashSet<>();
    private final Set<TopicPartition> uncleanable = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong passes = new AtomicLong();
    private final Object wakeUp = new Object();
    private volatile boolean stopping;

    public CleanerScheduler(Supplier<? extends Collection<CleanableLog>> logs, CleanerCheckpoint checkpoint, Settings settings,
            Clock clock) {
        this.logs = logs;
        this.checkpoint = checkpoint;
        this.settings = settings;
        this.clock = clock;
        this.throttle = IoThrottle.of(settings.ioMaxBytesPerSecond());
    }

    /** A cleaner with this scheduler's share of the dedupe buffer, I/O buffer and throttle. */
    public LogCleaner newCleaner() {
        return new LogCleaner(checkpoint, OffsetMap.forBudget(settings.dedupeBufferBytes(), settings.threads()),
                settings.ioBufferBytes() / settings.threads() / 2, throttle, clock);
    }

    /**
     * Cleans the filthiest qualifying log once with {@code cleaner}, on the calling thread.
     *
     * @return what the pass did, or empty when no log qualifies
     */
    public Optional<CleaningSummary> cleanFilthiest(LogCleaner cleaner) {
        long now = clock.millis();
        Candidate chosen = grabFilthiest(now);
        if (chosen == null) {
            return Optional.empty();
        }
        TopicPartition partition = chosen.log.topicPartition();
        try {
            CleaningSummary summary = cleaner.clean(chosen.log, chosen.section, now);
            passes.incrementAndGet();
            return Optional.of(summary);
        } catch (RuntimeException e) {
            synchronized (this) {
                uncleanable.add(partition);
            }
            LOG.log(Level.WARNING, "marking " + partition + " uncleanable after a failed pass: " + e.getMessage(), e);
            return Optional.empty();
        } finally {
            synchronized (this) {
                inProgress.remove(partition);
            }
        }
    }

    private record Candidate(CleanableLog log, DirtySection section, double ratio) {
    }

    private synchronized Candidate grabFilthiest(long now) {
        Candidate best = null;
        for (CleanableLog log : logs.get()) {
            TopicPartition partition = log.topicPartition();
            if (!log.config().compacted() || inProgress.contains(partition) || uncleanable.contains(partition)) {
                continue;
            }
            DirtySection section;
            try {
                section = DirtySection.of(log, checkpoint, now);
            } catch (IllegalStateException closed) {
                continue;
            }
            double ratio = section.dirtyRatio();
            boolean qualifies = section.dirtyBytes() > 0
                    && (ratio >= log.config().getDouble(LogConfigKey.MIN_CLEANABLE_DIRTY_RATIO)
                            || section.compactionLagExceeded(log.config(), now));
            if (qualifies && (best == null || ratio > best.ratio)) {
                best = new Candidate(log, section, ratio);
            }
        }
        if (best != null) {
            inProgress.add(best.log.topicPartition());
        }
        return best;
    }

    /** Passes completed so far, by every thread and {@link #cleanFilthiest} caller. */
    public long passes() {
        return passes.get();
    }

    /** Starts {@code log.cleaner.threads} background threads. */
    public synchronized void start() {
        if (!threads.isEmpty() || stopping) {
            throw new IllegalStateException("cleaner threads already started or stopped");
        }
        for (int i = 0; i < settings.threads(); i++) {
            Thread thread = new Thread(this::runThread, "varve-log-cleaner-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void runThread() {
        try (LogCleaner cleaner = newCleaner()) {
            while (!stopping) {
                if (cleanFilthiest(cleaner).isEmpty()) {
                    synchronized (wakeUp) {
                        if (!stopping) {
                            wakeUp.wait(settings.backoffMs());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads after their current pass (waiting at most 30 s). */
    @Override
    public void close() {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(threads);
        }
        for (Thread thread : started) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
