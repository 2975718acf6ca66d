package dev.varve.engine.api;

/**
 * A record or batch that is well-formed bytes but breaks a rule of the format or of its caller:
 * a null header key, a timestamp type Kafka refuses, an offset delta that does not fit, a batch
 * larger than the format can state. Thrown by writers before anything is written, so nothing is
 * half-built. Kafka's code is {@code INVALID_RECORD} (87).
 */
public final class InvalidRecordException extends VarveException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }

    @Override
    public short kafkaErrorCode() {
        return 87;
    }
}
