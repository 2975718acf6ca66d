package dev.varve.engine.topic;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.TopicPartition;
import java.util.Objects;

/**
 * What the catalog knows of a topic: its name, its partition count, its config (Kafka's defaults with
 * the topic's overrides) and whether a deletion has begun. Immutable; validated on construction.
 */
public record TopicMetadata(String name, int partitions, LogConfig config, boolean deleting) {
    /**
     * @throws IllegalArgumentException when the name breaks Kafka's rules or {@code partitions < 1}
     */
    public TopicMetadata {
        TopicPartition.validateTopic(name);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: topic=" + name + ", partitions=" + partitions);
        }
        Objects.requireNonNull(config, "config");
    }

    /** The same topic with another config. */
    public TopicMetadata withConfig(LogConfig newConfig) {
        return new TopicMetadata(name, partitions, newConfig, deleting);
    }

    /** The same topic, marked as being deleted. */
    public TopicMetadata markedDeleting() {
        return new TopicMetadata(name, partitions, config, true);
    }

    /** Partition {@code partition} of this topic (not checked against the count). */
    public TopicPartition partition(int partition) {
        return new TopicPartition(name, partition);
    }
}
