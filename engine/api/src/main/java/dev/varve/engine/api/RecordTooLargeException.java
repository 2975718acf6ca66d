package dev.varve.engine.api;

/**
 * A batch larger than the log allows: above {@code max.message.bytes} (Kafka's {@code MESSAGE_TOO_LARGE},
 * 10), or above {@code segment.bytes}, so no segment could hold it (Kafka's
 * {@code RECORD_LIST_TOO_LARGE}, 18). Nothing of the append was stored. {@link #limitName()} says which.
 */
public final class RecordTooLargeException extends VarveException {
    private static final long serialVersionUID = 1L;

    /** The limit Kafka names {@code max.message.bytes}. */
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    /** The limit Kafka names {@code segment.bytes}. */
    public static final String SEGMENT_BYTES = "segment.bytes";

    private final String limitName;

    /** A batch above {@code max.message.bytes}. */
    public RecordTooLargeException(TopicPartition partition, int batchBytes, int maxMessageBytes) {
        this(partition, batchBytes, MAX_MESSAGE_BYTES, maxMessageBytes);
    }

    /** A batch above the limit named {@code limitName} ({@link #MAX_MESSAGE_BYTES} or {@link #SEGMENT_BYTES}). */
    public RecordTooLargeException(TopicPartition partition, int batchBytes, String limitName, int limit) {
        super("record batch too large: partition=" + partition + ", batchBytes=" + batchBytes + ", " + limitName + "=" + limit);
        this.limitName = limitName;
    }

    /** Which limit the batch broke. */
    public String limitName() {
        return limitName;
    }

    @Override
    public short kafkaErrorCode() {
        return (short) (SEGMENT_BYTES.equals(limitName) ? 18 : 10);
    }
}
