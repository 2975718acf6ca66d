package dev.varve.lmdb;

import dev.varve.engine.api.VarveException;

/**
 * The store's LMDB map reached {@code remote.log.metadata.map.max.bytes} and a write needs more: the write was
 * rolled back, everything committed before stays. Raise the limit (the next open takes it) or purge deleted
 * segments. Carries the store's directory and both sizes. Kafka's code is {@code KAFKA_STORAGE_ERROR} (56).
 */
public final class RemoteMetadataStoreFullException extends VarveException {
    private static final long serialVersionUID = 1L;

    public RemoteMetadataStoreFullException(String store, long mapBytes, long maxMapBytes) {
        super("remote metadata store full: store=" + store + ", mapBytes=" + mapBytes + ", maxMapBytes="
                + maxMapBytes + " (raise " + RemoteMetadataStoreOptions.MAP_MAX_BYTES_CONFIG + ")");
    }

    @Override
    public short kafkaErrorCode() {
        return 56;
    }
}
