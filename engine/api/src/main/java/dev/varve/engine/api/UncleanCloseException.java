package dev.varve.engine.api;

/**
 * An engine closed every log (each flushed and closed) but could not record the clean shutdown: a
 * checkpoint or the clean-shutdown marker could not be written. Nothing written before the close is
 * lost; the next open runs recovery, as after a crash. A caller whose work completed may report this as
 * a warning. Carries the file and, as its cause, the storage error. Kafka's code is
 * {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class UncleanCloseException extends VarveException {
    private static final long serialVersionUID = 1L;

    public UncleanCloseException(String file, Throwable cause) {
        super("closed without recording a clean shutdown, the next open recovers: file=" + file + ", cause="
                + cause.getMessage(), cause);
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
