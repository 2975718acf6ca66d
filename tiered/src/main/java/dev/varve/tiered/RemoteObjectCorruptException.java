package dev.varve.tiered;

/**
 * The store answered with bytes that are not the object's: a length or range other than the one asked
 * for, a checksum that does not match, or an upload that the store holds in another size or digest than
 * was sent. Raised only after retries also failed, so it is persistent. Carries the position in the
 * object where the range started ({@link #position()}). Kafka's code is {@code CORRUPT_MESSAGE} (2).
 */
public final class RemoteObjectCorruptException extends RemoteStoreException {
    private static final long serialVersionUID = 1L;

    private final long position;

    public RemoteObjectCorruptException(String operation, String key, long position, String detail) {
        super("remote object corrupt", operation, key, "position=" + position + ", " + detail, null);
        this.position = position;
    }

    /** Byte position in the object where the failed range starts (0 for uploads and whole objects). */
    public long position() {
        return position;
    }

    @Override
    public short kafkaErrorCode() {
        return 2;
    }
}
