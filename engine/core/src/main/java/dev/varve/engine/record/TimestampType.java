package dev.varve.engine.record;

/** Which clock a batch's timestamps come from: attribute bit 3. */
public enum TimestampType {
    /** Set by the producer; each record keeps its own timestamp. */
    CREATE_TIME,
    /** Stamped by the broker on append; every record reports the batch's max timestamp. */
    LOG_APPEND_TIME
}
