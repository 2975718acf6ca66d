package dev.varve.engine.api;

/**
 * A batch larger than the log's {@code max.message.bytes}. Nothing of the append was stored. Kafka's
 * code is {@code MESSAGE_TOO_LARGE} (10).
 */
public final class RecordTooLargeException extends VarveException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(TopicPartition partition, int batchBytes, int maxMessageBytes) {
        super("record batch too large: partition=" + partition + ", batchBytes=" + batchBytes
                + ", max.message.bytes=" + maxMessageBytes);
    }

    @Override
    public short kafkaErrorCode() {
        return 10;
    }
}
