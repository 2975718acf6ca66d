package dev.varve.lmdb;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.VarveException;
import java.util.UUID;

/**
 * A transition the segment's life does not allow (see {@link RemoteSegmentState}): a second upload record with
 * an id already stored, finishing a copy that is being deleted, any move out of
 * {@link RemoteSegmentState#DELETE_SEGMENT_FINISHED}, or a repeat of the move already made. Nothing was
 * written. Carries the store's directory, the segment and both states. Kafka has no code for this
 * ({@code -1}); its metadata managers throw {@code IllegalStateException}.
 */
public final class IllegalSegmentStateTransitionException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final RemoteSegmentState current;
    private final RemoteSegmentState requested;

    public IllegalSegmentStateTransitionException(String store, TopicPartition partition, UUID segmentId,
            RemoteSegmentState current, RemoteSegmentState requested) {
        super("illegal remote segment state transition: store=" + store + ", partition=" + partition + ", segmentId="
                + segmentId + ", current=" + current + ", requested=" + requested);
        this.current = current;
        this.requested = requested;
    }

    /** The state the segment is in, unchanged. */
    public RemoteSegmentState current() {
        return current;
    }

    /** The state the caller asked for. */
    public RemoteSegmentState requested() {
        return requested;
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
