package dev.varve.engine.api;

import java.util.Objects;

/**
 * A partition of a topic: the unit a log engine stores. Topic names follow Kafka's rules (1 to 249
 * of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}), so {@code <topic>-<partition>} is always a
 * safe, unambiguous folder name.
 */
public record TopicPartition(String topic, int partition) {
    /** Kafka's longest topic name. */
    public static final int MAX_TOPIC_NAME_LENGTH = 249;

    /**
     * @throws IllegalArgumentException when the topic name breaks Kafka's rules or the partition is negative
     */
    public TopicPartition {
        validateTopic(topic);
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: topic=" + topic + ", partition=" + partition);
        }
    }

    /** Checks a topic name against Kafka's rules; the message says which rule failed. */
    public static void validateTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("invalid topic name '" + topic + "': it cannot be empty, '.' or '..'");
        }
        if (topic.length() > MAX_TOPIC_NAME_LENGTH) {
            throw new IllegalArgumentException("invalid topic name: longer than " + MAX_TOPIC_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw new IllegalArgumentException("invalid topic name '" + topic + "': character '" + c
                        + "' is not one of [a-zA-Z0-9._-]");
            }
        }
    }

    /** The folder name Kafka gives this partition: {@code <topic>-<partition>}. */
    public String folderName() {
        return topic + "-" + partition;
    }

    /** Parses a folder name {@code <topic>-<partition>}; the topic may itself contain dashes. */
    public static TopicPartition fromFolderName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("not a partition folder name: '" + name + "'");
        }
        try {
            return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a partition folder name: '" + name + "'", e);
        }
    }

    @Override
    public String toString() {
        return folderName();
    }
}
