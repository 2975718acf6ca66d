package dev.varve.lmdb;

import java.util.Map;

/**
 * Sizing of a {@link RemoteLogMetadataStore}'s LMDB map, with names in Kafka's style. The map is address space
 * and a sparse file, not memory: pages are only used as records need them. When a write finds the map full the
 * store doubles it, up to {@code maxMapBytes}, and retries the write.
 *
 * @param mapBytes    {@value #MAP_BYTES_CONFIG}: the map size the store opens with (default
 *                    {@value #DEFAULT_MAP_BYTES}: about 130,000 segments of two objects, measured
 *                    at 491 bytes each)
 * @param maxMapBytes {@value #MAP_MAX_BYTES_CONFIG}: the size growth stops at (default {@value #DEFAULT_MAX_MAP_BYTES})
 */
public record RemoteMetadataStoreOptions(long mapBytes, long maxMapBytes) {
    /** The initial map size. */
    public static final String MAP_BYTES_CONFIG = "remote.log.metadata.map.bytes";
    /** The largest map size growth may reach. */
    public static final String MAP_MAX_BYTES_CONFIG = "remote.log.metadata.map.max.bytes";
    /** 64 MiB. */
    public static final long DEFAULT_MAP_BYTES = 64L << 20;
    /** 8 GiB. */
    public static final long DEFAULT_MAX_MAP_BYTES = 8L << 30;
    /** The smallest map: a few LMDB pages. */
    public static final long MIN_MAP_BYTES = 64L << 10;

    /** @throws IllegalArgumentException when {@code mapBytes < 64 KiB} or {@code maxMapBytes < mapBytes} */
    public RemoteMetadataStoreOptions {
        if (mapBytes < MIN_MAP_BYTES || maxMapBytes < mapBytes) {
            throw new IllegalArgumentException("need " + MIN_MAP_BYTES + " <= " + MAP_BYTES_CONFIG + " <= "
                    + MAP_MAX_BYTES_CONFIG + ": " + MAP_BYTES_CONFIG + "=" + mapBytes + ", " + MAP_MAX_BYTES_CONFIG
                    + "=" + maxMapBytes);
        }
    }

    /** The defaults. */
    public static RemoteMetadataStoreOptions defaults() {
        return new RemoteMetadataStoreOptions(DEFAULT_MAP_BYTES, DEFAULT_MAX_MAP_BYTES);
    }

    /**
     * The options named in {@code config}, defaults for the others; other keys are ignored.
     *
     * @throws IllegalArgumentException when a value is not a whole number or breaks the constructor's rule
     */
    public static RemoteMetadataStoreOptions fromConfig(Map<String, String> config) {
        return new RemoteMetadataStoreOptions(bytes(config, MAP_BYTES_CONFIG, DEFAULT_MAP_BYTES),
                bytes(config, MAP_MAX_BYTES_CONFIG, DEFAULT_MAX_MAP_BYTES));
    }

    private static long bytes(Map<String, String> config, String name, long fallback) {
        String value = config.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + name + ": '" + value + "' is not a whole number", e);
        }
    }
}
