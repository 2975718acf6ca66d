package dev.varve.lmdb;

import dev.varve.engine.api.VarveException;

/**
 * A stored record does not decode: an unknown version, a length past its bytes, a bad state id, a checksum
 * mismatch, or two indexes of the store that disagree. LMDB's commits are atomic, so this means the file was
 * damaged or written by something else, not torn by a crash. Carries the store's data file, the record's key
 * and what is wrong. Kafka's code is {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class CorruptRemoteMetadataException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public CorruptRemoteMetadataException(String file, String key, String detail) {
        super("corrupt remote segment metadata: file=" + file + ", key=" + key + ", " + detail);
        this.file = file;
    }

    /** The store's data file. */
    public String file() {
        return file;
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
