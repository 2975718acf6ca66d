package dev.varve.engine.memory;

import dev.varve.engine.api.TopicPartition;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the memory engine keeps for one data directory: the stored partitions, which outlive engine
 * instances for the life of the JVM, and the engine that currently owns them (at most one, as a lock
 * file would ensure on disk). Ownership changes lock the class; the partition map is concurrent.
 */
final class MemoryDirectory {
    private static final Map<Path, MemoryDirectory> REGISTRY = new ConcurrentHashMap<>();

    final Path path;
    final Map<TopicPartition, PartitionStore> partitions = new ConcurrentHashMap<>();
    private MemoryLogEngine owner;

    private MemoryDirectory(Path path) {
        this.path = path;
    }

    static Path key(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize();
    }

    /** The directory's state, created empty on first use, now owned by {@code engine}. */
    static synchronized MemoryDirectory acquire(Path dataDirectory, MemoryLogEngine engine) {
        MemoryDirectory directory = REGISTRY.computeIfAbsent(key(dataDirectory), MemoryDirectory::new);
        if (directory.owner != null) {
            throw new IllegalStateException("data directory is in use by another open memory engine: dataDirectory="
                    + directory.path);
        }
        directory.owner = engine;
        return directory;
    }

    void release(MemoryLogEngine engine) {
        synchronized (MemoryDirectory.class) {
            if (owner == engine) {
                owner = null;
            }
        }
    }

    /** Forgets a directory's state; refused while an engine owns it. */
    static synchronized void discard(Path dataDirectory) {
        MemoryDirectory directory = REGISTRY.get(key(dataDirectory));
        if (directory == null) {
            return;
        }
        if (directory.owner != null) {
            throw new IllegalStateException("close the memory engine before discarding its data: dataDirectory="
                    + directory.path);
        }
        REGISTRY.remove(directory.path);
    }
}
