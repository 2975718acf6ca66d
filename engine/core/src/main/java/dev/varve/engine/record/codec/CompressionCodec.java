package dev.varve.engine.record.codec;

import java.util.Locale;

/**
 * The compression codecs of Kafka's record batch format, by their attribute id (bits 0-2) and their
 * {@code compression.type} config name, with Kafka's level ranges and defaults.
 */
public enum CompressionCodec {
    NONE(0, 0, 0, 0),
    /** Levels as {@code compression.gzip.level}: 1..9, default -1 (zlib's default, 6). */
    GZIP(1, 1, 9, -1),
    SNAPPY(2, 0, 0, 0),
    /** Levels as {@code compression.lz4.level}: 1..17, default 9 (Kafka's fast compressor). */
    LZ4(3, 1, 17, 9),
    /** Levels as {@code compression.zstd.level}: -131072..22, default 3. */
    ZSTD(4, -131072, 22, 3);

    private static final CompressionCodec[] BY_ID = values();

    private final int id;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    CompressionCodec(int id, int minLevel, int maxLevel, int defaultLevel) {
        this.id = id;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
    }

    /** The id stored in bits 0-2 of a batch's attributes. */
    public int id() {
        return id;
    }

    /** The name used by Kafka's {@code compression.type}: none, gzip, snappy, lz4, zstd. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    /** The codec with this attribute id, or null when no codec has it. */
    public static CompressionCodec forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * The codec with this {@code compression.type} name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted values when none matches
     */
    public static CompressionCodec forName(String name) {
        for (CompressionCodec codec : BY_ID) {
            if (codec.configName().equalsIgnoreCase(name)) {
                return codec;
            }
        }
        throw new IllegalArgumentException(
                "unknown compression codec '" + name + "': expected one of none, gzip, snappy, lz4, zstd");
    }

    /** A new reusable compressor at {@link #defaultLevel()}. */
    public Compressor newCompressor() {
        return newCompressor(defaultLevel);
    }

    /**
     * A new reusable compressor at the given level.
     *
     * @throws IllegalArgumentException naming the range when the level is outside it and is not
     *     {@link #defaultLevel()}
     */
    public Compressor newCompressor(int level) {
        checkLevel(level);
        switch (this) {
            case NONE:
                return new CopyCodec();
            case GZIP:
                return new GzipCompressor(level);
            case SNAPPY:
                return new SnappyFrameCompressor();
            case LZ4:
                return new Lz4FrameCompressor(level);
            case ZSTD:
                return new ZstdFrameCompressor(level);
            default:
                throw new AssertionError(this);
        }
    }

    /** A new reusable decompressor. */
    public Decompressor newDecompressor() {
        switch (this) {
            case NONE:
                return new CopyCodec();
            case GZIP:
                return new GzipDecompressor();
            case SNAPPY:
                return new SnappyFrameDecompressor();
            case LZ4:
                return new Lz4FrameDecompressor();
            case ZSTD:
                return new ZstdFrameDecompressor();
            default:
                throw new AssertionError(this);
        }
    }

    /** Kafka's rule: a level inside the range, or the default (gzip's -1 lies outside its 1..9). */
    private void checkLevel(int level) {
        if (level != defaultLevel && (level < minLevel || level > maxLevel)) {
            throw new IllegalArgumentException(configName() + " level " + level + " is outside " + minLevel + ".."
                    + maxLevel + (defaultLevel < minLevel ? " (or " + defaultLevel + ", the default)" : ""));
        }
    }
}
