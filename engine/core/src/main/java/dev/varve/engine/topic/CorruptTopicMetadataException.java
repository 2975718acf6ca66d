package dev.varve.engine.topic;

import dev.varve.engine.api.VarveException;

/**
 * A topic metadata file that cannot be read back: not the format {@link TopicMetadataFile} writes, a
 * name that does not match the file, a bad partition count or config. Names the file. Kafka has no
 * code for it (-1, {@code UNKNOWN_SERVER_ERROR}).
 */
public final class CorruptTopicMetadataException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public CorruptTopicMetadataException(String file, String detail, Throwable cause) {
        super("corrupt topic metadata: file=" + file + ", " + detail, cause);
        this.file = file;
    }

    public String file() {
        return file;
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
