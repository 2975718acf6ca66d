package dev.varve.engine.api;

/**
 * Root of every exception a Varve engine throws through its API.
 *
 * <p>Each subtype names one cause a caller can act on and maps to a Kafka error code where Kafka
 * has one ({@link #kafkaErrorCode()}, {@code -1} when it has none, the code of
 * {@code UNKNOWN_SERVER_ERROR}). Messages read as {@code what happened: name=value, name=value}
 * so a log line or a CLI error carries the file, position or offset that locates the problem.
 * Unchecked, like Kafka's own exceptions, so it crosses iterators and callbacks.
 */
public abstract class VarveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected VarveException(String message) {
        super(message);
    }

    protected VarveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The Kafka protocol error code for this cause, or -1 (UNKNOWN_SERVER_ERROR) if Kafka has none. */
    public abstract short kafkaErrorCode();
}
