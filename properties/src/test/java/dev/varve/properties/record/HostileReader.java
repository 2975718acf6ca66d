package dev.varve.properties.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads untrusted bytes the way every caller might: walks the batches, touches every header
 * accessor, iterates every record and touches every record accessor (copies, header cursor, control
 * fields). Then checks the rule of the hostile-input properties:
 *
 * <ul>
 *   <li>reading completes or throws exactly {@link CorruptRecordException}: no other exception, no
 *       {@link OutOfMemoryError} (the module's tests run in a 512 MiB heap), no hang (a per-example
 *       timeout on a worker thread);</li>
 *   <li>the reported position lies within the buffer;</li>
 *   <li>the valid prefix ({@link RecordBatchReader#validBytes()}) reads again cleanly, batch for batch.</li>
 * </ul>
 *
 * Batches of a codec not implemented in this build have their headers checked but their records skipped.
 */
final class HostileReader {
    private static final long TIMEOUT_SECONDS = 10;
    private static final Set<CompressionCodec> READABLE = EnumSet.copyOf(Codecs.implemented());
    private static ExecutorService worker = newWorker();

    private HostileReader() {
    }

    /** What one read saw: how many batches the batch reader accepted, the valid prefix, and the error if any. */
    record Outcome(int batches, int validBytes, CorruptRecordException error) {
    }

    /** Reads {@code bytes} on the worker thread under the timeout and checks the rule; returns the outcome. */
    static Outcome readAndCheck(byte[] bytes) {
        Outcome outcome = withTimeout(bytes);
        if (outcome.error() != null) {
            long position = outcome.error().position();
            assertTrue(position >= 0 && position <= bytes.length,
                    "reported position " + position + " outside the buffer of " + bytes.length + " bytes: " + outcome.error());
        }
        RecordBatchReader prefix = new RecordBatchReader().reset(ByteBuffer.wrap(bytes, 0, outcome.validBytes()).slice());
        int batches = 0;
        try {
            while (prefix.next()) {
                batches++;
            }
        } catch (CorruptRecordException e) {
            fail("the valid prefix of " + outcome.validBytes() + " bytes does not read cleanly: " + e, e);
        }
        assertEquals(outcome.batches(), batches, "batches in the valid prefix");
        assertEquals(outcome.validBytes(), prefix.validBytes(), "valid bytes of the valid prefix");
        return outcome;
    }

    private static Outcome withTimeout(byte[] bytes) {
        Future<Outcome> future = worker.submit(() -> read(bytes));
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return fail("reading " + bytes.length + " bytes did not finish within " + TIMEOUT_SECONDS + " s (a hang)");
        } catch (ExecutionException e) {
            return fail("reading threw " + e.getCause() + " instead of CorruptRecordException", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Reads everything; any exception but {@link CorruptRecordException} escapes. */
    static Outcome read(byte[] bytes) {
        return read(bytes, 0);
    }

    /** Reads {@code bytes} placed at index {@code pad} of a larger buffer whose position is {@code pad}. */
    static Outcome read(byte[] bytes, int pad) {
        byte[] padded = new byte[pad + bytes.length];
        System.arraycopy(bytes, 0, padded, pad, bytes.length);
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(padded).position(pad));
        int batches = 0;
        try (RecordReader records = new RecordReader()) {
            while (reader.next()) {
                batches++;
                RecordBatchFlyweight batch = reader.batch();
                touch(batch);
                if (READABLE.contains(batch.compression())) {
                    readRecords(batch, records);
                }
            }
            assertFalse(reader.next(), "next() after the end");
            return new Outcome(batches, reader.validBytes(), null);
        } catch (CorruptRecordException e) {
            return new Outcome(batches, reader.validBytes(), e);
        }
    }

    /** Whether every batch in {@code bytes} (already read without error) has an implemented codec. */
    static boolean everyBatchReadable(byte[] bytes) {
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(bytes));
        while (reader.next()) {
            if (!READABLE.contains(reader.batch().compression())) {
                return false;
            }
        }
        return true;
    }

    private static long touch(RecordBatchFlyweight batch) {
        return batch.baseOffset() + batch.lastOffset() + batch.nextOffset() + batch.batchLength() + batch.sizeInBytes()
                + batch.partitionLeaderEpoch() + batch.magic() + batch.storedCrc() + batch.attributes()
                + batch.codecId() + batch.timestampType().ordinal() + (batch.isTransactional() ? 1 : 0)
                + (batch.isControl() ? 1 : 0) + (batch.hasDeleteHorizon() ? 1 : 0) + batch.baseTimestamp()
                + batch.maxTimestamp() + batch.producerId() + batch.producerEpoch() + batch.baseSequence()
                + batch.lastSequence() + batch.recordCount() + batch.recordsStart() + batch.end()
                + batch.toString().length();
    }

    private static long readRecords(RecordBatchFlyweight batch, RecordReader records) {
        long sum = 0;
        records.open(batch);
        while (records.next()) {
            sum += records.offset() + records.timestamp() + records.sequence() + records.attributes()
                    + records.offsetDelta() + records.timestampDelta() + records.keyLength() + records.valueLength()
                    + records.keyOffset() + records.valueOffset() + records.sizeInBytes() + records.headerCount();
            byte[] key = records.key();
            byte[] value = records.value();
            sum += (key == null ? -1 : key.length) + (value == null ? -1 : value.length);
            for (RecordHeader header : records.headers()) {
                sum += header.key().length() + (header.value() == null ? -1 : header.value().length);
            }
            RecordReader.HeaderCursor cursor = records.headerCursor();
            while (cursor.next()) {
                sum += cursor.keyOffset() + cursor.keyLength() + cursor.valueOffset() + cursor.valueLength();
            }
            if (batch.isControl()) {
                if (records.controlType().isEndTxnMarker()) {
                    sum += records.coordinatorEpoch();
                }
            }
        }
        return sum;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "hostile-reader");
            thread.setDaemon(true);
            return thread;
        });
    }
}
