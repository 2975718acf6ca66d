package dev.varve.tiered;

/**
 * A read named an object the store does not hold. For tiered storage this means remote metadata points
 * at an object that is gone: the data is lost, not merely late. Kafka has no code of its own for it:
 * {@code UNKNOWN_SERVER_ERROR} (-1), as a broker reports a plugin's {@code RemoteResourceNotFoundException}.
 */
public final class RemoteObjectNotFoundException extends RemoteStoreException {
    private static final long serialVersionUID = 1L;

    public RemoteObjectNotFoundException(String operation, String key, Throwable cause) {
        super("remote object not found", operation, key, null, cause);
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
