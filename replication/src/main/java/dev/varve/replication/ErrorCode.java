package dev.varve.replication;

/**
 * The protocol's expected outcomes, as results in responses (never exceptions), each with Kafka's error
 * code so a broker front end can put them on the wire unchanged.
 */
public enum ErrorCode {
    UNKNOWN_SERVER_ERROR(-1),
    NONE(0),
    OFFSET_OUT_OF_RANGE(1),
    CORRUPT_MESSAGE(2),
    MESSAGE_TOO_LARGE(10),
    NOT_LEADER_OR_FOLLOWER(6),
    REQUEST_TIMED_OUT(7),
    /** acks=all refused before the append: the ISR is smaller than min.insync.replicas; the record is not written. */
    NOT_ENOUGH_REPLICAS(19),
    /** acks=all appended and committed, but the ISR shrank below min.insync.replicas meanwhile. */
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20),
    INVALID_REQUEST(42),
    FENCED_LEADER_EPOCH(74),
    UNKNOWN_LEADER_EPOCH(75),
    STALE_BROKER_EPOCH(77),
    INVALID_UPDATE_VERSION(95),
    INELIGIBLE_REPLICA(107),
    INVALID_RECORD(87);

    private final short code;

    ErrorCode(int code) {
        this.code = (short) code;
    }

    /** The error with Kafka's code {@code code}, or {@link #UNKNOWN_SERVER_ERROR}. */
    public static ErrorCode of(short code) {
        for (ErrorCode error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /** Kafka's error code. */
    public short code() {
        return code;
    }
}
