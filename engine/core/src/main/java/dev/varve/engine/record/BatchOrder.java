package dev.varve.engine.record;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.CorruptRecordException.Reason;

/**
 * The rules that batches laid one after another in a log obey beyond each batch's own header, which
 * the CRC-32C cannot check because the fields it rests on ({@code baseOffset},
 * {@code batchLength}) lie outside the bytes it covers:
 * <ul>
 *   <li>every batch's base offset is above the previous batch's last offset (strictly greater, as
 *       Kafka's appends require; gaps are allowed, as compaction leaves them);</li>
 *   <li>in a segment, every batch's offsets lie in {@code [segment base, offset bound)}, the bound being
 *       the next segment's base offset, and its last offset is within a 32-bit relative offset of the
 *       segment's base (what the {@code .index} can hold);</li>
 * </ul>
 * Leader epochs are not checked: Kafka's follower appends (and the SPI's {@code appendAsFollower}) accept
 * batches whatever their epoch order, so a log may legitimately hold an epoch below an earlier one; a
 * damaged epoch changes no record served. A violation is a {@link CorruptRecordException}
 * ({@link Reason#BAD_OFFSET}), exactly as a bad CRC is. Its position is the batch's, except when a
 * batch's offsets overlap the previous batch's: either base offset may be the damaged one (one raised, or
 * the other lowered), so the position is the previous batch's, and a reader that stops there serves
 * neither. Allocates nothing per batch; not thread-safe, one per walk.
 */
public final class BatchOrder {
    private long segmentBase;
    private long offsetBound;
    private long lastOffset;
    private long lastPosition;

    /** Starts a walk of a segment whose file is named {@code segmentBase}, the next one starting at {@code offsetBound}. */
    public BatchOrder startSegment(long segmentBase, long offsetBound) {
        this.segmentBase = segmentBase;
        this.offsetBound = offsetBound;
        this.lastOffset = segmentBase - 1;
        this.lastPosition = -1;
        return this;
    }

    /** Starts a walk of batches that are not a segment (a consumer's fetches): only the order between batches counts. */
    public BatchOrder startLog() {
        this.segmentBase = Long.MIN_VALUE;
        this.offsetBound = Long.MAX_VALUE;
        this.lastOffset = -1;
        this.lastPosition = -1;
        return this;
    }

    /** Continues where {@code other}'s walk of the same segment stopped, as if this walk had checked its batches. */
    public BatchOrder copyFrom(BatchOrder other) {
        this.segmentBase = other.segmentBase;
        this.offsetBound = other.offsetBound;
        this.lastOffset = other.lastOffset;
        this.lastPosition = other.lastPosition;
        return this;
    }

    /** Moves the upper bound, for a segment that stopped being the last one while it was being walked. */
    public void bound(long offsetBound) {
        this.offsetBound = offsetBound;
    }

    /** Checks the batch and, when it passes, makes it the previous batch of the next check. */
    public void check(RecordBatchFlyweight batch, long position) {
        check(batch.baseOffset(), batch.lastOffsetDelta(), position);
    }

    /**
     * Checks a batch given by its header fields (its last offset delta already checked not negative)
     * and, when it passes, makes it the previous batch of the next check.
     *
     * @throws CorruptRecordException naming the rule the batch breaks, at {@code position}
     */
    public void check(long baseOffset, int lastOffsetDelta, long position) {
        long last = baseOffset + lastOffsetDelta;
        if (baseOffset <= lastOffset || last < baseOffset) {
            boolean overlap = lastPosition >= 0 && last >= baseOffset;
            throw new CorruptRecordException(Reason.BAD_OFFSET, overlap ? lastPosition : position, "baseOffset=" + baseOffset
                    + (overlap ? " of the next batch, at position " + position + "," : "")
                    + " is not above the previous batch's last offset " + lastOffset);
        }
        if (last >= offsetBound || segmentBase != Long.MIN_VALUE && last - segmentBase > Integer.MAX_VALUE) {
            throw new CorruptRecordException(Reason.BAD_OFFSET, position, "lastOffset=" + last
                    + " is outside the segment: base " + segmentBase + ", next segment at " + offsetBound);
        }
        lastOffset = last;
        lastPosition = position;
    }

    /** The last offset of the last batch that passed, or one below where the walk started. */
    public long lastOffset() {
        return lastOffset;
    }
}
