package dev.varve.engine.log;

/**
 * An offset index entry with its offset made absolute: the batch that ends at {@code offset} starts at
 * byte {@code position} of the segment's {@code .log} (or, from a lookup that found no entry, the
 * segment's base offset and position 0).
 */
public record OffsetPosition(long offset, int position) {
}
