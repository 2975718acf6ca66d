package dev.varve.bench;

/**
 * A deterministic stream of records (timestamp, key, value) for benchmarks: {@link #next()} moves to
 * the next record, the accessors read it. The arrays returned belong to the caller (a new pair per
 * record). Implementations are fixed by their seed and not thread-safe.
 */
public interface RecordSource {

    /** Moves to the next record and returns this source. */
    RecordSource next();

    /** The current record's key. */
    byte[] key();

    /** The current record's value. */
    byte[] value();

    /** The current record's timestamp, epoch millis. */
    long timestampMs();
}
