package dev.varve.engine.segmented;

/**
 * How far the {@code segmented} engine may delete a tiered log's segments locally: the seam through
 * which tiered storage (a module above the engine) keeps retention from deleting a segment before its
 * upload finished. Registered per partition with {@link SegmentedLogEngine#localDeletionBound}.
 *
 * <p>For a log whose {@code remote.storage.enable} is true, retention ({@code local.retention.ms} and
 * {@code local.retention.bytes}, which follow {@code retention.*} when -2) deletes a segment only when
 * the next segment's base offset is at or below {@link #deletableBelow()}; with no bound registered it
 * deletes none. Moves of the log start ({@code deleteRecordsBefore}) are not bounded: they are the
 * caller's explicit wish. Called under the log's write lock, on the engine's background thread or the
 * caller's: implementations must be quick, thread-safe and must not call back into the log.
 */
@FunctionalInterface
public interface LocalDeletionBound {
    /** Offsets below this are safely stored elsewhere (uploaded), so their local segments may go. */
    long deletableBelow();
}
