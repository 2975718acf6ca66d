package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.VarveException;
import java.util.UUID;

/**
 * A transition named a segment the store does not hold for that partition: never added, or already purged.
 * Nothing was written. Carries the store's directory and the segment. KIP-405's metadata manager throws
 * {@code RemoteResourceNotFoundException} here; Kafka has no error code for it ({@code -1}).
 */
public final class RemoteSegmentNotFoundException extends VarveException {
    private static final long serialVersionUID = 1L;

    public RemoteSegmentNotFoundException(String store, TopicPartition partition, UUID segmentId) {
        super("unknown remote segment: store=" + store + ", partition=" + partition + ", segmentId=" + segmentId);
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
