package dev.varve.engine.memory;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.spi.EngineContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory engine ({@code memory}): Varve's reference implementation of the SPI and the model the
 * other engines are tested against. Batches live on the heap; nothing touches the data directory, which
 * only names the store.
 *
 * <p><b>Lifetime.</b> Data is kept in a JVM-wide registry keyed by the data directory's absolute path, so
 * closing an engine and opening a new one on the same directory sees the same partitions, as a disk
 * would; the data lives until the JVM exits, {@link #delete} removes a partition, or {@link #discard}
 * forgets a whole directory. At most one engine may be open per directory at a time (a second open fails
 * with {@link IllegalStateException}, as a held lock file would).
 *
 * <p><b>Durability and crashes.</b> {@code flush()} (and {@code close()}) makes a log's batches durable;
 * truncation and log-start moves are durable on return. {@link #crash()} simulates a process kill: every
 * partition of the directory keeps only its durable prefix, every open log and this engine become
 * unusable, and the directory is free for a new engine, which sees the durable state. Nothing corrupt
 * can be left behind: batches are stored whole or not at all.
 *
 * <p><b>Threads.</b> Thread-safe; each log takes one lock per call, so one writer and concurrent readers
 * per log are safe. Calls on a closed engine or log throw {@link IllegalStateException}.
 */
public final class MemoryLogEngine implements LogEngine {
    /** The name the engine is registered under. */
    public static final String NAME = "memory";

    private final EngineContext context;
    private final MemoryDirectory directory;
    private final Map<TopicPartition, MemoryPartitionLog> openLogs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private MemoryLogEngine(EngineContext context) {
        this.context = context;
        this.directory = MemoryDirectory.acquire(context.dataDirectory(), this);
    }

    /**
     * Opens the engine over {@code context}'s data directory, seeing whatever a previous engine on it left
     * (all of it after a clean close, the durable part after a crash).
     *
     * @throws IllegalStateException when another open memory engine owns the directory
     */
    public static MemoryLogEngine open(EngineContext context) {
        return new MemoryLogEngine(context);
    }

    /**
     * Forgets everything stored for {@code dataDirectory}, as deleting the directory would. For tests that
     * create many directories in one JVM.
     *
     * @throws IllegalStateException while an engine is open on it
     */
    public static void discard(Path dataDirectory) {
        MemoryDirectory.discard(dataDirectory);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized PartitionLog open(TopicPartition partition, LogConfig config) {
        ensureOpen();
        MemoryPartitionLog log = openLogs.get(partition);
        if (log != null && !log.isClosed()) {
            return log;
        }
        PartitionStore store = directory.partitions.computeIfAbsent(partition, PartitionStore::new);
        log = new MemoryPartitionLog(partition, config, store, context.clock());
        openLogs.put(partition, log);
        return log;
    }

    @Override
    public Set<TopicPartition> partitions() {
        ensureOpen();
        return Set.copyOf(directory.partitions.keySet());
    }

    @Override
    public synchronized void delete(TopicPartition partition) {
        ensureOpen();
        MemoryPartitionLog log = openLogs.remove(partition);
        if (log != null) {
            log.abandon();
        }
        directory.partitions.remove(partition);
    }

    /** Flushes and closes every open log, then frees the directory for the next engine. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        openLogs.values().forEach(MemoryPartitionLog::close);
        openLogs.clear();
        directory.release(this);
    }

    /**
     * Simulates a crash (a kill -9 or a power loss): every partition of the directory loses what was not
     * durable, the open logs and this engine refuse further calls, and the directory is freed so a new
     * engine opened on it sees the durable state. A test hook of this engine only, not part of the SPI.
     */
    public synchronized void crash() {
        if (closed) {
            throw new IllegalStateException("cannot crash a closed engine: dataDirectory=" + directory.path);
        }
        closed = true;
        openLogs.values().forEach(MemoryPartitionLog::abandon);
        openLogs.clear();
        for (PartitionStore store : directory.partitions.values()) {
            synchronized (store) {
                store.crash();
            }
        }
        directory.release(this);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log engine is closed: engine=" + NAME + ", dataDirectory=" + directory.path);
        }
    }

    @Override
    public String toString() {
        return "MemoryLogEngine(" + directory.path + ")";
    }
}
