package dev.varve.replication.sim;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.LogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.replication.EpochEntry;
import dev.varve.replication.LeaderEpochCheckpoint;
import dev.varve.replication.ReplicaStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated broker incarnation's storage: a {@link SimEngine} over the broker's {@link SimDisk},
 * each log watched by a {@link RecordedLog}, checkpoints kept on the disk. {@link #crash(long)} is a power loss:
 * every log keeps only what was flushed.
 */
final class SimStorage implements ReplicaStorage {
    private final SimDisk disk;
    private final SimEngine kind;
    private final LogEngine engine;
    private final RecordedLog.Listener listener;
    private final boolean durable;
    private final Map<TopicPartition, RecordedLog> logs = new TreeMap<>(SimDisk::compare);

    SimStorage(SimDisk disk, SimEngine kind, SimClock clock, RecordedLog.Listener listener, boolean durable) {
        this.disk = disk;
        this.kind = kind;
        this.engine = kind.open(new EngineContext(disk.directory, clock));
        this.listener = listener;
        this.durable = durable;
    }

    @Override
    public PartitionLog log(TopicPartition partition) {
        return logs.computeIfAbsent(partition, p -> new RecordedLog(engine.open(p, LogConfig.defaults()), listener, durable));
    }

    /** The watched log of {@code partition}, or null when this incarnation has not opened it. */
    RecordedLog recorded(TopicPartition partition) {
        return logs.get(partition);
    }

    @Override
    public LeaderEpochCheckpoint leaderEpochCheckpoint(TopicPartition partition) {
        return new LeaderEpochCheckpoint() {
            @Override
            public List<EpochEntry> read() {
                return disk.epochCheckpoints.getOrDefault(partition, List.of());
            }

            @Override
            public void write(List<EpochEntry> entries) {
                disk.epochCheckpoints.put(partition, List.copyOf(entries));
            }
        };
    }

    @Override
    public long checkpointedHighWatermark(TopicPartition partition) {
        return disk.highWatermarks.getOrDefault(partition, 0L);
    }

    @Override
    public void checkpointHighWatermarks(Map<TopicPartition, Long> highWatermarks) {
        disk.highWatermarks.putAll(highWatermarks);
    }

    /** Flushes every log (the operating system's writeback, or an explicit flush). */
    void flush() {
        logs.values().forEach(RecordedLog::flush);
    }

    /**
     * Power loss: returns the partitions whose logs may lose records (some were not flushed), then loses power;
     * {@code seed} picks what survives of unflushed tails where the engine keeps part of them.
     */
    List<TopicPartition> crash(long seed) {
        List<TopicPartition> lossy = new ArrayList<>();
        logs.forEach((partition, log) -> {
            if (log.hasUnflushed()) {
                lossy.add(partition);
            }
        });
        kind.crash(engine, seed);
        return lossy;
    }

    /** Closes the engine (end of the simulation). */
    void close() {
        engine.close();
    }
}
