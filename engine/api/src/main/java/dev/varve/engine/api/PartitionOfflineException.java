package dev.varve.engine.api;

/**
 * A partition log refuses a mutation because an earlier I/O error left it failed: Kafka's offline log
 * directory, kept per partition. The log's files hold everything acknowledged before the error, and the
 * failed write was rolled back as far as the storage allowed; but the log's state is no longer trusted
 * for writing, so every append, truncation, roll, flush and deletion is refused until the engine
 * reopens the partition, which runs recovery. Reads of what was acknowledged continue. Carries the
 * partition and, as its cause, the error that failed it. Kafka's code is {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class PartitionOfflineException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final TopicPartition partition;

    public PartitionOfflineException(TopicPartition partition, Throwable cause) {
        super("partition offline after a storage error, reopen it to recover: partition=" + partition + ", cause="
                + cause.getMessage(), cause);
        this.partition = partition;
    }

    /** The partition that went offline. */
    public TopicPartition partition() {
        return partition;
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
