package dev.varve.engine.log;

/**
 * A time index entry with its offset made absolute: every record with a timestamp greater than
 * {@code timestamp} is at or after {@code offset}. A lookup that finds no entry returns
 * ({@link TimeIndexDescriptor#NO_TIMESTAMP}, base offset).
 */
public record TimeIndexEntry(long timestamp, long offset) {
}
