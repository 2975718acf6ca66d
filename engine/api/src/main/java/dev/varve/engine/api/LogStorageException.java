package dev.varve.engine.api;

import java.io.IOException;

/**
 * The storage under a log failed: an I/O error, a full disk, a file that vanished. Carries the file and
 * the operation; the cause is the underlying {@link IOException}. A log that threw this may have lost
 * only what was not yet flushed. Kafka's code is {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class LogStorageException extends VarveException {
    private static final long serialVersionUID = 1L;

    public LogStorageException(String operation, String file, IOException cause) {
        super("storage error: operation=" + operation + ", file=" + file + ", cause=" + cause.getMessage(), cause);
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
