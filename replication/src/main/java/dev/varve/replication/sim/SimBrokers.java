package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.replication.Broker;
import dev.varve.replication.Outbox;
import dev.varve.replication.Replica;
import dev.varve.replication.ReplicationConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The simulated brokers, numbered from 1: each one's disk ({@link SimDisk}), and while it is up its running
 * {@link Broker} over a {@link SimStorage}. Starts, crashes (power loss, classified as lossy when unflushed
 * records may be lost) and flushes them, and lists the live replicas the checker inspects. The data lives in
 * the memory engine's registry or, for the segmented engine, in a temporary directory deleted by {@link #close()}.
 */
final class SimBrokers implements AutoCloseable {
    private static final AtomicLong RUNS = new AtomicLong();

    private final SimConfig config;
    private final ReplicationConfig replication;
    private final SimClock clock;
    private final RecordedLog.Listener listener;
    private final IntFunction<Outbox> outboxes;
    private final Path root;
    private final SimDisk[] disks;
    private final SimStorage[] storages;
    private final Broker[] brokers;

    SimBrokers(SimConfig config, SimClock clock, RecordedLog.Listener listener, IntFunction<Outbox> outboxes) {
        this.config = config;
        this.replication = config.replication();
        this.clock = clock;
        this.listener = listener;
        this.outboxes = outboxes;
        this.root = config.engine() == SimEngine.MEMORY ? Path.of("varve-sim", "run-" + RUNS.incrementAndGet()) : temporaryDirectory();
        this.disks = new SimDisk[config.brokers() + 1];
        this.storages = new SimStorage[config.brokers() + 1];
        this.brokers = new Broker[config.brokers() + 1];
        for (int b = 1; b <= config.brokers(); b++) {
            disks[b] = new SimDisk(root.resolve("broker-" + b));
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("varve-sim-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the simulation's data directory", e);
        }
    }

    /** Broker {@code id}, or null while it is down. */
    Broker broker(int id) {
        return brokers[id];
    }

    /** Starts a new incarnation of a down broker over what its disk kept. */
    void start(int broker) {
        SimDisk disk = disks[broker];
        disk.starts++;
        storages[broker] = new SimStorage(disk, config.engine(), clock, listener, config.durable());
        brokers[broker] = new Broker(broker, replication, outboxes.apply(broker), storages[broker], disk.starts, disk.lostData,
                clock.nowMs());
    }

    /** Power loss of an up broker; returns the partitions that may have lost records. */
    List<TopicPartition> crash(int broker) {
        List<TopicPartition> lossy = storages[broker].crash(config.seed() * 31 + broker * 1_000_003L + disks[broker].starts);
        // unclean until a registration got through: a lossless crash before that does not make the log whole again
        disks[broker].lostData = !lossy.isEmpty() || disks[broker].lostData && brokers[broker].brokerEpoch() < 0;
        brokers[broker] = null;
        storages[broker] = null;
        return lossy;
    }

    /** Flushes a broker's logs and checkpoints its high watermarks (nothing while it is down). */
    void flush(int broker) {
        if (brokers[broker] != null) {
            storages[broker].flush();
            brokers[broker].checkpointHighWatermarks(clock.nowMs());
        }
    }

    /** The operating system's writeback: every up broker's logs are flushed. */
    void writeBack() {
        for (SimStorage storage : storages) {
            if (storage != null) {
                storage.flush();
            }
        }
    }

    /** How many brokers are down. */
    int down() {
        int down = 0;
        for (int b = 1; b <= config.brokers(); b++) {
            down += brokers[b] == null ? 1 : 0;
        }
        return down;
    }

    /** The replicas of {@code partition} on up brokers that know it. */
    List<Invariants.LiveReplica> liveReplicas(TopicPartition partition) {
        List<Invariants.LiveReplica> live = new ArrayList<>();
        for (int b = 1; b <= config.brokers(); b++) {
            Replica replica = brokers[b] == null ? null : brokers[b].replica(partition);
            if (replica != null) {
                live.add(new Invariants.LiveReplica(b, disks[b].starts, replica, storages[b].recorded(partition).mirror()));
            }
        }
        return live;
    }

    /** The mirror of broker {@code broker}'s log of {@code partition}, or null when it is down or has not opened it. */
    LogMirror mirror(int broker, TopicPartition partition) {
        RecordedLog log = storages[broker] == null ? null : storages[broker].recorded(partition);
        return log == null ? null : log.mirror();
    }

    @Override
    public void close() {
        for (int b = 1; b <= config.brokers(); b++) {
            if (storages[b] != null) {
                storages[b].close();
            }
            MemoryLogEngine.discard(disks[b].directory);
        }
        if (config.engine() != SimEngine.MEMORY) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the simulation's data directory " + root, e);
            }
        }
    }
}
