package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.EpochEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What survives a simulated broker's crashes: its memory engine's data directory (the engine itself keeps
 * the durable prefix of each log, see {@code MemoryLogEngine.crash()}), its leader-epoch and high-watermark
 * checkpoints (written durably on every call, as Kafka fsyncs them), how many times it started, and
 * whether its last crash lost data.
 */
final class SimDisk {
    final Path directory;
    final Map<TopicPartition, List<EpochEntry>> epochCheckpoints = new TreeMap<>(SimDisk::compare);
    final Map<TopicPartition, Long> highWatermarks = new TreeMap<>(SimDisk::compare);
    long starts;
    /**
     * Whether a crash since the last successful registration lost unflushed records: what the broker reports as
     * an unclean shutdown. A real
     * broker cannot tell a lossy power loss from a harmless one and must report every crash (unless every append
     * is flushed); the simulation reports only lossy ones, which is the same when every append is flushed and
     * otherwise keeps the cluster available more often, and so exercises more of the protocol.
     */
    boolean lostData;

    SimDisk(Path directory) {
        this.directory = directory;
    }

    static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
