package dev.varve.tiered;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An object in a {@link RemoteStore}: its key, its size in bytes and, when known, the CRC-32C of its
 * whole content as {@link RemoteStore#put} recorded it (listings and objects written by other tools have
 * none). Immutable.
 */
public record RemoteObject(String key, long sizeBytes, OptionalLong crc32c) {
    public RemoteObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(crc32c, "crc32c");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative: key=" + key + ", sizeBytes=" + sizeBytes);
        }
    }
}
