package dev.varve.engine.log;

/**
 * The kinds of file a segment owns, each named {@code <20-digit base offset><suffix>} as Kafka names
 * them ({@code LogFileUtils}). See {@link LogFileName} for formatting and parsing.
 */
public enum LogFileType {
    /** Record batches, format v2. */
    LOG(".log"),
    /** The sparse offset index ({@link OffsetIndex}). */
    OFFSET_INDEX(".index"),
    /** The time index ({@link TimeIndex}). */
    TIME_INDEX(".timeindex"),
    /** The aborted-transaction index; exists only once a transaction was aborted. */
    TXN_INDEX(".txnindex"),
    /** A producer-state snapshot, named after the offset it was taken at. */
    PRODUCER_SNAPSHOT(".snapshot");

    private final String suffix;

    LogFileType(String suffix) {
        this.suffix = suffix;
    }

    /** The file name suffix, with its dot: {@code .log}, {@code .index}, ... */
    public String suffix() {
        return suffix;
    }
}
