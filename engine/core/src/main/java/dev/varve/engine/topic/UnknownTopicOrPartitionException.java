package dev.varve.engine.topic;

import dev.varve.engine.api.VarveException;

/**
 * A topic that does not exist, or a partition number outside a topic's partitions. One type for both,
 * as Kafka has one code for both: {@code UNKNOWN_TOPIC_OR_PARTITION} (3).
 */
public final class UnknownTopicOrPartitionException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    private UnknownTopicOrPartitionException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    /** No topic of that name. */
    public static UnknownTopicOrPartitionException topic(String topic) {
        return new UnknownTopicOrPartitionException(topic, "unknown topic: topic=" + topic);
    }

    /** The topic exists but has no partition {@code partition}. */
    public static UnknownTopicOrPartitionException partition(String topic, int partition, int partitions) {
        return new UnknownTopicOrPartitionException(topic, "unknown partition: topic=" + topic + ", partition="
                + partition + ", partitions=" + partitions + " (valid: 0.." + (partitions - 1) + ")");
    }

    public String topic() {
        return topic;
    }

    @Override
    public short kafkaErrorCode() {
        return 3;
    }
}
