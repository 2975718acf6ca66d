package dev.varve.engine.topic;

import dev.varve.engine.api.LogConfig;
import java.util.List;

/**
 * A topic as {@link TopicCatalog#describe} saw it: name, config ({@link LogConfig#overrides()} are the
 * values set for the topic, {@link LogConfig#get} the effective ones) and each partition's offsets and
 * size, in partition order.
 */
public record TopicDescription(String name, LogConfig config, List<PartitionDescription> partitions) {
    public TopicDescription {
        partitions = List.copyOf(partitions);
    }
}
