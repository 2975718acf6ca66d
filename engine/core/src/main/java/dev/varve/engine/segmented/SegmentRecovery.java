package dev.varve.engine.segmented;

import static dev.varve.engine.record.RecordBatchDescriptor.*;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.log.OffsetPosition;
import dev.varve.engine.log.SegmentFile;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Re-validates a segment after an unclean shutdown, as Kafka's {@code LogSegment.recover} does: every
 * batch from the start is checked (header, length within the file, CRC-32C, and {@link BatchOrder}'s
 * rules: offsets above the previous batch's, within the segment's relative range and below the next
 * segment's base), both indexes are rebuilt from the batches that pass, and the
 * file is truncated at the first batch that does not, with everything after it.
 *
 * <p>Memory stays bounded whatever the file holds: headers are read one at a time and each CRC is
 * computed over the file in fixed chunks, so a corrupt length can never make recovery allocate. A
 * batch is indexed only once the batch after it passed (or the file ended), so a cut before two
 * overlapping batches leaves no entry for the earlier one. The
 * records inside a batch are not parsed: they were validated before the append, and the CRC proves the
 * bytes are the ones written. Not thread-safe; the log runs it before it serves anything.
 */
final class SegmentRecovery {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
    private final RecordBatchFlyweight batch = new RecordBatchFlyweight();
    private final ByteBuffer pendingHeader = ByteBuffer.allocate(HEADER_SIZE);
    private final RecordBatchFlyweight pending = new RecordBatchFlyweight().wrap(pendingHeader, 0);
    private final BatchOrder order = new BatchOrder();
    private int[] witnessPositions = new int[0];
    private long[] witnessOffsets = new long[0];
    private final CRC32C crc = new CRC32C();

    /** What one recovery found. */
    record Outcome(long nextOffset, int validBytes, int truncatedBytes, CorruptRecordException firstError) {
    }

    /**
     * Recovers {@code segment}: rebuilds its indexes and cuts the file at the first invalid batch.
     * {@code offsetBound} is the next segment's base offset ({@link Long#MAX_VALUE} for the last): a
     * batch reaching it is invalid. {@code recoveryPoint} is the checkpointed recovery point (0 when
     * unknown): the log end at a flush, so a batch boundary; when it lies inside the segment (above its
     * base), the first batch ending at or after it must start exactly there, as every batch appended
     * after a flush does. A batch that straddles it or leaves a gap after it had its base offset damaged
     * (the CRC does not cover it), and is invalid. The segment's offset index entries below the recovery
     * point were made durable with the batches they name, so each is a witness: the batch at its position
     * must end at its offset, unless {@code indexTrusted} is false (the index was missing or failed its
     * sanity check). Nothing from {@code validBytesAtMost} on is kept: a
     * caller that found a batch invalid by checks recovery cannot make (its index entries disagree) cuts
     * there.
     *
     * @return the offset after the last valid batch (the segment's base offset if none), the valid and
     *     truncated byte counts, and the error that stopped the scan, with the file (null when the file
     *     was whole)
     */
    Outcome recover(LogSegment segment, long offsetBound, long recoveryPoint, boolean indexTrusted, int validBytesAtMost) {
        SegmentFile file = segment.file();
        order.startSegment(segment.baseOffset(), offsetBound);
        long boundary = recoveryPoint > segment.baseOffset() ? recoveryPoint : -1;
        int witnesses = indexTrusted ? collectWitnesses(segment.offsetIndex(), recoveryPoint) : 0;
        int nextWitness = 0;
        segment.resetIndexes();
        int size = Math.min(file.sizeInBytes(), validBytesAtMost);
        int position = 0;
        int pendingPosition = -1;
        long nextOffset = segment.baseOffset();
        long largestTimestamp = -1;
        CorruptRecordException error = null;
        while (position < size) {
            try {
                checkBatch(file, position, size - position);
                if (boundary >= 0 && batch.lastOffset() >= boundary) {
                    checkStartsAt(boundary, position);
                    boundary = -1;
                }
                while (nextWitness < witnesses && witnessPositions[nextWitness] <= position) {
                    checkWitness(nextWitness++, position);
                }
            } catch (CorruptRecordException e) {
                error = e.inFile(file.path().toString());
                // two overlapping batches: either may be the damaged one, the cut goes before both
                position = (int) Math.min(position, e.position());
                break;
            }
            // a batch is indexed once the next one passed too, so the cut before an overlapping pair leaves no entry
            if (pendingPosition >= 0) {
                segment.indexBatch(pending, pendingPosition);
                nextOffset = pending.nextOffset();
                largestTimestamp = Math.max(largestTimestamp, pending.maxTimestamp());
            }
            pendingHeader.clear().put(header.clear());
            pendingPosition = position;
            position += batch.sizeInBytes();
        }
        if (pendingPosition >= 0 && pendingPosition < position) {
            segment.indexBatch(pending, pendingPosition);
            nextOffset = pending.nextOffset();
            largestTimestamp = Math.max(largestTimestamp, pending.maxTimestamp());
        }
        int truncated = file.truncateTo(position);
        if (error == null || !orderBroken(error)) {
            // the order state ends at the last batch kept: reads need not check the file again
            segment.recovered(position, order, largestTimestamp);
        }
        return new Outcome(nextOffset, position, truncated, error);
    }

    private void checkBatch(SegmentFile file, int position, int available) {
        if (available < HEADER_SIZE) {
            throw new CorruptRecordException(CorruptRecordException.Reason.TRUNCATED, position,
                    "only " + available + " bytes left, a batch header needs " + HEADER_SIZE);
        }
        header.clear();
        file.read(header, position);
        batch.wrap(header, 0);
        RecordBatchReader.checkHeader(batch, available, position);
        long storedCrc = batch.storedCrc();
        long computedCrc = crcOf(file, position + ATTRIBUTES_OFFSET, batch.sizeInBytes() - ATTRIBUTES_OFFSET);
        if (storedCrc != computedCrc) {
            throw new CorruptRecordException(CorruptRecordException.Reason.BAD_CRC, position,
                    "storedCrc=" + storedCrc + ", computedCrc=" + computedCrc);
        }
        order.check(batch, position);
    }

    /** Copies the offset index entries below {@code recoveryPoint} (positions rising, none at 0) before the index is rebuilt. */
    private int collectWitnesses(OffsetIndex index, long recoveryPoint) {
        int entries = index.entries();
        if (witnessPositions.length < entries) {
            witnessPositions = new int[entries];
            witnessOffsets = new long[entries];
        }
        int count = 0;
        for (int i = 0; i < entries; i++) {
            OffsetPosition entry = index.entry(i);
            if (entry.offset() >= recoveryPoint || entry.position() <= (count == 0 ? 0 : witnessPositions[count - 1])) {
                break;
            }
            witnessPositions[count] = entry.position();
            witnessOffsets[count++] = entry.offset();
        }
        return count;
    }

    private void checkWitness(int witness, int position) {
        if (witnessPositions[witness] == position && witnessOffsets[witness] != batch.lastOffset()) {
            throw new CorruptRecordException(CorruptRecordException.Reason.BAD_OFFSET, position, "lastOffset=" + batch.lastOffset()
                    + " but the offset index entry for this batch, durable below the recovery point, says " + witnessOffsets[witness]);
        }
    }

    /** Whether {@code error} came from the order checks, which may have taken in a batch the cut then removed. */
    private static boolean orderBroken(CorruptRecordException error) {
        return error.reason() == CorruptRecordException.Reason.BAD_OFFSET;
    }

    private void checkStartsAt(long recoveryPoint, int position) {
        if (batch.baseOffset() != recoveryPoint) {
            throw new CorruptRecordException(CorruptRecordException.Reason.BAD_OFFSET, position, "baseOffset="
                    + batch.baseOffset() + ", lastOffset=" + batch.lastOffset() + ": the first batch after the recovery point "
                    + recoveryPoint + " must start there");
        }
    }

    private long crcOf(SegmentFile file, int from, int length) {
        crc.reset();
        int done = 0;
        while (done < length) {
            chunk.clear().limit(Math.min(CHUNK_BYTES, length - done));
            file.read(chunk, from + done);
            chunk.flip();
            done += chunk.remaining();
            crc.update(chunk);
        }
        return crc.getValue();
    }
}
