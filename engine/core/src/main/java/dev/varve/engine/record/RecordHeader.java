package dev.varve.engine.record;

import dev.varve.engine.api.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header to write: a non-null key (UTF-8 on the wire) and a value that may be null.
 * Immutable; the key's UTF-8 bytes are encoded once, here, not on every append.
 */
public final class RecordHeader {
    private final String key;
    private final byte[] keyUtf8;
    private final byte[] value;

    /**
     * @throws InvalidRecordException when the key is null, which Kafka's format cannot hold
     */
    public RecordHeader(String key, byte[] value) {
        if (key == null) {
            throw new InvalidRecordException("a record header key cannot be null");
        }
        this.key = key;
        this.keyUtf8 = key.getBytes(StandardCharsets.UTF_8);
        this.value = value;
    }

    public String key() {
        return key;
    }

    /** The key as written on the wire. Not copied: do not modify. */
    byte[] keyUtf8() {
        return keyUtf8;
    }

    /** The value, or null. Not copied: do not modify. */
    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordHeader that && key.equals(that.key) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + (value == null ? "null" : new String(value, StandardCharsets.UTF_8));
    }

    static int sizeOnWire(RecordHeader[] headers) {
        int size = Varint.sizeOfVarint(headers.length);
        for (RecordHeader header : headers) {
            Objects.requireNonNull(header, "header");
            size += Varint.sizeOfVarint(header.keyUtf8.length) + header.keyUtf8.length;
            size += header.value == null
                    ? Varint.sizeOfVarint(RecordDescriptor.NULL_LENGTH)
                    : Varint.sizeOfVarint(header.value.length) + header.value.length;
        }
        return size;
    }
}
