package dev.varve.engine.log;

import dev.varve.engine.api.VarveException;

/**
 * A checkpoint file does not parse: a wrong version, a malformed line, or fewer or more entries than
 * its count line promises (a truncated file). Names the file and the 1-based line. Checkpoints are
 * written atomically, so this means the file was damaged or edited, not torn by a crash; the caller
 * may fall back to what it would do without the checkpoint (recover from the segments).
 *
 * <p>Kafka throws an {@code IOException} here, which its callers turn into
 * {@code KafkaStorageException}; the code is therefore {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class CorruptCheckpointException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public CorruptCheckpointException(String file, int line, String detail) {
        super("corrupt checkpoint: file=" + file + ", line=" + line + ", " + detail);
        this.file = file;
        this.line = line;
    }

    /** The checkpoint file. */
    public String file() {
        return file;
    }

    /** The 1-based line where parsing failed (one past the last line when lines are missing). */
    public int line() {
        return line;
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
