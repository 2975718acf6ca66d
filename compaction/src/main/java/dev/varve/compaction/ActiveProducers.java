package dev.varve.compaction;

/**
 * The producer state a cleaning pass must not break: for each producer id still active on the log,
 * the last offset of its last batch (Kafka's {@code activeProducers} map, read from the producer-state
 * manager). A batch that is its producer's last is kept even when every record in it is removed, as an
 * empty 61-byte batch with its original offsets, epoch and sequences, so that the producer's next
 * sequence still validates after a reload. Implementations must be safe to call from the cleaner's
 * thread while it runs.
 */
@FunctionalInterface
public interface ActiveProducers {
    /** No producer state: every batch that empties is dropped. */
    ActiveProducers NONE = producerId -> -1L;

    /** The last offset of {@code producerId}'s last batch, or -1 when it is not an active producer. */
    long lastOffsetOf(long producerId);
}
