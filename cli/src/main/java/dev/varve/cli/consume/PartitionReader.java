package dev.varve.cli.consume;

import dev.varve.cli.CliException;
import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;

/**
 * Reads records of one partition log in offset order, from a start offset to an end offset, through
 * {@link PartitionLog#read} in fetches of {@value #FETCH_BYTES} bytes, checking every batch's CRC as a
 * Kafka consumer does, and more: batches must follow one another ({@link BatchOrder}: each base offset
 * above the previous batch's last offset), and every record's offset delta
 * must rise within its batch's last offset delta ({@link RecordReader}). Control records (transaction
 * markers) are skipped, as consumers skip them. Any corruption, from the engine or found here, is a
 * {@link CliException} naming the partition and the offset reached, then the file and position when the
 * engine knows them. Not thread-safe; reusable across partitions.
 */
final class PartitionReader implements AutoCloseable {
    static final int FETCH_BYTES = 1 << 20;

    private final RecordBatchReader batches = new RecordBatchReader(true);
    private final RecordReader records = new RecordReader();
    private final BatchOrder order = new BatchOrder();
    private final StringBuilder line = new StringBuilder(256);

    /**
     * Prints records of {@code log} at offsets {@code [start, end)}, at most {@code max}.
     *
     * @return the number printed
     */
    long read(PrintWriter out, RecordFormat format, int partition, PartitionLog log, long start, long end, long max) {
        long printed = 0;
        long next = start;
        order.startLog();
        try {
            while (next < end && printed < max && !out.checkError()) {
                long fetched = fetch(out, format, partition, log, next, end, max - printed);
                if (fetched < 0) {
                    break;
                }
                printed += fetched;
                next = order.lastOffset() + 1;
            }
        } catch (CorruptRecordException e) {
            throw new CliException(CliException.DATA_ERROR, log.topicPartition() + " at offset " + Math.max(next, order.lastOffset() + 1)
                    + ": " + e.getMessage(), e);
        }
        return printed;
    }

    /** Prints the records of one fetch from {@code next}; -1 when the fetch returned nothing. */
    private long fetch(PrintWriter out, RecordFormat format, int partition, PartitionLog log, long next, long end, long max) {
        long printed = 0;
        ReadResult result = log.read(next, FETCH_BYTES, end);
        ByteBuffer bytes = result.records().toBuffer();
        if (result.status() != ReadResult.Status.OK || !bytes.hasRemaining()) {
            return -1;
        }
        batches.reset(bytes);
        while (printed < max && batches.next()) {
            RecordBatchFlyweight batch = batches.batch();
            if (batch.lastOffset() < next) {
                throw new CorruptRecordException(CorruptRecordException.Reason.BAD_OFFSET, batch.start(),
                        "a fetch from offset " + next + " returned a batch ending at " + batch.lastOffset());
            }
            order.check(batch, batch.start());
            if (!batch.isControl()) {
                printed += printRecords(out, format, partition, batch, next, end, max - printed);
            }
        }
        return printed;
    }

    private long printRecords(PrintWriter out, RecordFormat format, int partition, RecordBatchFlyweight batch,
            long from, long end, long max) {
        long printed = 0;
        records.open(batch);
        while (printed < max && records.next()) {
            long offset = records.offset();
            if (offset >= from && offset < end) {
                format.print(out, partition, records, line);
                printed++;
            }
        }
        return printed;
    }

    @Override
    public void close() {
        records.close();
    }
}
