package dev.varve.engine.topic;

import dev.varve.engine.api.VarveException;

/**
 * A topic the catalog knows but cannot serve: its metadata file is damaged or unreadable, or its partition
 * folders disagree with it. Names the topic, the file and the reason (the message of the error that took it offline). Only
 * this topic is affected: every other topic of the data directory opens, lists and serves as usual. It
 * stays offline until the file is repaired (or removed, which lets the next open adopt its partitions with
 * Kafka's defaults) and the catalog reopened. Kafka's code for a log that cannot be served is
 * {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class TopicOfflineException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String file;

    public TopicOfflineException(String topic, String file, String reason) {
        super("topic offline: topic=" + topic + ", file=" + file + ", reason=" + reason);
        this.topic = topic;
        this.file = file;
    }

    /** The offline topic. */
    public String topic() {
        return topic;
    }

    /** Its metadata file. */
    public String file() {
        return file;
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
