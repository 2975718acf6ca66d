package dev.varve.engine.record;

/**
 * The type in a control record's key (int16 version 0, int16 type), as Kafka's
 * {@code ControlRecordType} numbers them. COMMIT and ABORT are transaction markers; the others
 * appear only in KRaft's metadata log. Any other number reads as {@link #UNKNOWN}.
 */
public enum ControlRecordType {
    ABORT(0),
    COMMIT(1),
    LEADER_CHANGE(2),
    SNAPSHOT_HEADER(3),
    SNAPSHOT_FOOTER(4),
    KRAFT_VERSION(5),
    KRAFT_VOTERS(6),
    UNKNOWN(-1);

    /** Bytes of a control record key: version and type. */
    public static final int KEY_SIZE = 4;
    /** Bytes of an end-transaction marker value: version and coordinator epoch. */
    public static final int END_TXN_VALUE_SIZE = 6;

    private final short type;

    ControlRecordType(int type) {
        this.type = (short) type;
    }

    public short type() {
        return type;
    }

    /** Whether this type marks the end of a transaction (COMMIT or ABORT). */
    public boolean isEndTxnMarker() {
        return this == COMMIT || this == ABORT;
    }

    /** The type with this number, or {@link #UNKNOWN}. */
    public static ControlRecordType forType(short type) {
        for (ControlRecordType candidate : values()) {
            if (candidate.type == type && candidate != UNKNOWN) {
                return candidate;
            }
        }
        return UNKNOWN;
    }
}
