package dev.varve.lmdb;

/**
 * Where a remote segment is in its life, with KIP-405's names and ids
 * ({@code RemoteLogSegmentState}). The only moves are
 * <pre>
 *   (new) -> COPY_SEGMENT_STARTED -> COPY_SEGMENT_FINISHED -> DELETE_SEGMENT_STARTED -> DELETE_SEGMENT_FINISHED
 *                     |                                             ^
 *                     +---------------------------------------------+   (a failed or abandoned upload)
 * </pre>
 * Unlike KIP-405, a move to the state a segment is already in is refused: every transition is one durable
 * write, so after a crash the caller learns the state from the store instead of replaying a write.
 */
public enum RemoteSegmentState {
    /** The upload began; its objects may be partly written. Readers never see such a segment. */
    COPY_SEGMENT_STARTED((byte) 0),
    /** Every object is whole in the remote store (size and checksum recorded): readable. */
    COPY_SEGMENT_FINISHED((byte) 1),
    /** Deletion began; objects may be partly deleted. Readers never see such a segment. */
    DELETE_SEGMENT_STARTED((byte) 2),
    /** Every object is gone; the record waits to be purged. */
    DELETE_SEGMENT_FINISHED((byte) 3);

    private static final RemoteSegmentState[] BY_ID = values();

    private final byte id;

    RemoteSegmentState(byte id) {
        this.id = id;
    }

    /** KIP-405's id of this state, as stored. */
    public byte id() {
        return id;
    }

    /** The state with KIP-405 id {@code id}, or null when there is none. */
    public static RemoteSegmentState forId(byte id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Whether a segment in this state may move to {@code next}. */
    public boolean canMoveTo(RemoteSegmentState next) {
        return switch (this) {
            case COPY_SEGMENT_STARTED -> next == COPY_SEGMENT_FINISHED || next == DELETE_SEGMENT_STARTED;
            case COPY_SEGMENT_FINISHED -> next == DELETE_SEGMENT_STARTED;
            case DELETE_SEGMENT_STARTED -> next == DELETE_SEGMENT_FINISHED;
            case DELETE_SEGMENT_FINISHED -> false;
        };
    }

    /** Whether a segment in this state was left behind by a crash if found on start: an upload or delete in flight. */
    public boolean isInFlight() {
        return this == COPY_SEGMENT_STARTED || this == DELETE_SEGMENT_STARTED;
    }
}
