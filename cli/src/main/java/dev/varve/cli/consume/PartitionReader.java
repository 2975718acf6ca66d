package dev.varve.cli.consume;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;

/**
 * Reads records of one partition log in offset order, from a start offset to an end offset, through
 * {@link PartitionLog#read} in fetches of {@value #FETCH_BYTES} bytes, checking every batch's CRC as a
 * Kafka consumer does. Control records (transaction markers) are skipped, as consumers skip them.
 * Not thread-safe; reusable across partitions.
 */
final class PartitionReader implements AutoCloseable {
    static final int FETCH_BYTES = 1 << 20;

    private final RecordBatchReader batches = new RecordBatchReader(true);
    private final RecordReader records = new RecordReader();
    private final StringBuilder line = new StringBuilder(256);

    /**
     * Prints records of {@code log} at offsets {@code [start, end)}, at most {@code max}.
     *
     * @return the number printed
     */
    long read(PrintWriter out, RecordFormat format, int partition, PartitionLog log, long start, long end, long max) {
        long printed = 0;
        long next = start;
        while (next < end && printed < max && !out.checkError()) {
            ReadResult result = log.read(next, FETCH_BYTES, end);
            ByteBuffer bytes = result.records().toBuffer();
            if (result.status() != ReadResult.Status.OK || !bytes.hasRemaining()) {
                break;
            }
            batches.reset(bytes);
            while (batches.next() && printed < max) {
                RecordBatchFlyweight batch = batches.batch();
                if (batch.lastOffset() < next) {
                    continue;
                }
                if (!batch.isControl()) {
                    printed += printRecords(out, format, partition, batch, next, end, max - printed);
                }
                next = batch.nextOffset();
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
