package dev.varve.engine.topic;

import dev.varve.engine.api.VarveException;

/** Creating a topic that already exists. Kafka's code is {@code TOPIC_ALREADY_EXISTS} (36). */
public final class TopicExistsException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public TopicExistsException(String topic, int partitions) {
        super("topic already exists: topic=" + topic + ", partitions=" + partitions);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    @Override
    public short kafkaErrorCode() {
        return 36;
    }
}
