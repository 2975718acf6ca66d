package dev.varve.bench.study;

import dev.varve.bench.PayloadGenerator;
import dev.varve.bench.RawCodec;
import dev.varve.bench.RecordSource;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The data of one cell, identical for every side measured: a pool of batches (at least 4, about
 * {@code poolBytes} of records in all) cut from the cell's payload stream as a producer with
 * {@code batch.size = batchBytes} cuts them (records are added while the uncompressed v2 batch, header
 * included, stays within the cap; one record a batch when the cap is 0 or a record alone exceeds it).
 * For each batch it keeps the records, the uncompressed record section (what a codec sees), the
 * section compressed by the raw codec, and the batch as Kafka's producer builds it: the bytes both
 * engines append and read. The same seed gives the same records for every codec and batch size.
 *
 * <p>Timestamps are the payload's, moved to start at {@code timestampBaseMs} (the study passes the time
 * it starts), as a producer stamps records with its clock: Kafka's leader refuses timestamps more than
 * an hour ahead, and an engine that rolls segments by the age of their first timestamp would roll on
 * every append of records stamped months ago.
 *
 * <p>Not thread-safe; immutable after construction except {@link #kafkaCopy}'s buffers, which Kafka's
 * append rewrites in place.
 */
final class CellFixture {
    private static final Header[] NO_HEADERS = new Header[0];

    final CellSpec spec;
    final List<Batch> batches = new ArrayList<>();
    private long uncompressedBatchBytes;
    private long wireBatchBytes;
    private long sectionBytes;
    private long records;

    /** One batch's records and encodings. */
    static final class Batch {
        final long[] timestamps;
        final byte[][] keys;
        final byte[][] values;
        final ByteBuffer[] keyBuffers;
        final ByteBuffer[] valueBuffers;
        final byte[] section;
        byte[] rawCompressed;
        int rawCompressedLength;
        ByteBuffer kafkaBatch;

        Batch(List<long[]> ts, List<byte[]> k, List<byte[]> v, byte[] section) {
            int n = v.size();
            timestamps = new long[n];
            keys = k.toArray(new byte[0][]);
            values = v.toArray(new byte[0][]);
            keyBuffers = new ByteBuffer[n];
            valueBuffers = new ByteBuffer[n];
            for (int i = 0; i < n; i++) {
                timestamps[i] = ts.get(i)[0];
                keyBuffers[i] = ByteBuffer.wrap(keys[i]);
                valueBuffers[i] = ByteBuffer.wrap(values[i]);
            }
            this.section = section;
        }

        int recordCount() {
            return values.length;
        }
    }

    CellFixture(CellSpec spec, long seed, long poolBytes, long timestampBaseMs) {
        this.spec = spec;
        RecordSource source = spec.payload().newSource(seed, spec.recordBytes());
        Compression compression = spec.kafkaCompression();
        long shift = timestampBaseMs - PayloadGenerator.BASE_TIMESTAMP_MS;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(); RawCodec raw = RawCodec.forName(spec.codecName(), spec.rawLevel())) {
            source.next();
            while (batches.size() < 4 || sectionBytes < poolBytes) {
                builder.reset(0);
                List<long[]> ts = new ArrayList<>();
                List<byte[]> keys = new ArrayList<>();
                List<byte[]> values = new ArrayList<>();
                while (true) {
                    long timestamp = source.timestampMs() + shift;
                    int size = builder.sizeOfRecord(timestamp, source.key().length, source.value().length);
                    boolean fits = spec.batchBytes() > 0 && builder.uncompressedSizeInBytes() + size <= spec.batchBytes();
                    if (!values.isEmpty() && !fits) {
                        break;
                    }
                    builder.append(timestamp, source.key(), source.value());
                    ts.add(new long[] {timestamp});
                    keys.add(source.key());
                    values.add(source.value());
                    source.next();
                    if (spec.batchBytes() == 0) {
                        break;
                    }
                }
                ByteBuffer built = builder.build();
                byte[] section = new byte[built.remaining() - RecordBatchDescriptor.RECORDS_OFFSET];
                built.get(built.position() + RecordBatchDescriptor.RECORDS_OFFSET, section);
                Batch batch = new Batch(ts, keys, values, section);
                batch.rawCompressed = new byte[raw.maxCompressedLength(section.length) + 64];
                batch.rawCompressedLength = raw.compress(section, section.length, batch.rawCompressed);
                batch.kafkaBatch = buildKafka(batch, ByteBuffer.allocate(built.remaining() + 1024), compression).buffer();
                batches.add(batch);
                uncompressedBatchBytes += built.remaining();
                wireBatchBytes += batch.kafkaBatch.remaining();
                sectionBytes += section.length;
                records += batch.recordCount();
            }
        }
    }

    /** Kafka's producer-side build: a new {@code MemoryRecordsBuilder} over {@code buffer} (cleared). */
    static MemoryRecords buildKafka(Batch batch, ByteBuffer buffer, Compression compression) {
        buffer.clear();
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                buffer, RecordBatch.CURRENT_MAGIC_VALUE, compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < batch.recordCount(); i++) {
            builder.append(batch.timestamps[i], batch.keys[i], batch.values[i], NO_HEADERS);
        }
        builder.close();
        return builder.build();
    }

    /** Varve's producer-side build with a reused builder: reset, append every record, build. */
    static ByteBuffer buildVarve(Batch batch, RecordBatchBuilder builder) {
        builder.reset(0);
        for (int i = 0; i < batch.recordCount(); i++) {
            builder.append(batch.timestamps[i], batch.keyBuffers[i], batch.valueBuffers[i]);
        }
        return builder.build();
    }

    /** A private copy of every Kafka-built batch (Kafka's append rewrites offsets in the caller's bytes). */
    List<ByteBuffer> kafkaCopy() {
        List<ByteBuffer> copies = new ArrayList<>(batches.size());
        for (Batch batch : batches) {
            ByteBuffer copy = ByteBuffer.allocate(batch.kafkaBatch.remaining());
            copy.put(batch.kafkaBatch.duplicate()).flip();
            copies.add(copy);
        }
        return copies;
    }

    double meanRecordsPerBatch() {
        return (double) records / batches.size();
    }

    /** Mean size of a batch laid out uncompressed, header included. */
    double meanUncompressedBatchBytes() {
        return (double) uncompressedBatchBytes / batches.size();
    }

    /** Mean size of the batch as Kafka's producer sends it (compressed when the codec is not none). */
    double meanWireBatchBytes() {
        return (double) wireBatchBytes / batches.size();
    }

    /** Mean uncompressed record bytes (record framing, keys, values) per record. */
    double meanRecordSectionBytes() {
        return (double) sectionBytes / records;
    }

    /** Uncompressed batch bytes over the bytes sent: the compression ratio of the producer's batches. */
    double compressionRatio() {
        return (double) uncompressedBatchBytes / wireBatchBytes;
    }
}
