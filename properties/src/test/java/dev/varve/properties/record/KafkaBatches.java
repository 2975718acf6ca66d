package dev.varve.properties.record;

import dev.varve.engine.record.TimestampType;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * The oracle's side: writes specs with Kafka's {@code MemoryRecordsBuilder} (kafka-clients 4.4, whose
 * record classes live in {@code org.apache.kafka.common.record.internal}) and reads batches with
 * Kafka's {@code MemoryRecords}.
 */
final class KafkaBatches {
    private KafkaBatches() {
    }

    static Compression compression(CompressionCodec codec) {
        return Compression.of(CompressionType.forId(codec.id())).build();
    }

    static org.apache.kafka.common.record.TimestampType timestampType(TimestampType type) {
        return type == TimestampType.LOG_APPEND_TIME
                ? org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                : org.apache.kafka.common.record.TimestampType.CREATE_TIME;
    }

    /** The batch {@code spec} describes, written by Kafka's builder, as a heap buffer of exactly its bytes. */
    static ByteBuffer build(BatchSpec spec) {
        long logAppendTime = spec.timestampType() == TimestampType.LOG_APPEND_TIME ? spec.logAppendTimeMs() : RecordBatch.NO_TIMESTAMP;
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                compression(spec.codec()), timestampType(spec.timestampType()), spec.baseOffset(), logAppendTime,
                spec.producerId(), spec.producerEpoch(), spec.baseSequence(), spec.transactional(), false,
                spec.partitionLeaderEpoch());
        for (BatchSpec.RecordSpec record : spec.records()) {
            Header[] headers = new Header[record.headers().size()];
            for (int i = 0; i < headers.length; i++) {
                BatchSpec.HeaderSpec h = record.headers().get(i);
                headers[i] = new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value());
            }
            builder.appendWithOffset(spec.baseOffset() + record.offsetDelta(), record.timestamp(), record.key(),
                    record.value(), headers);
        }
        return VarveBatches.copy(builder.build().buffer());
    }

    /** The end-transaction marker batch {@code spec} describes, written by Kafka. */
    static ByteBuffer build(ControlSpec spec) {
        EndTransactionMarker marker = new EndTransactionMarker(controlType(spec.type()), spec.coordinatorEpoch());
        return VarveBatches.copy(MemoryRecords.withEndTransactionMarker(spec.baseOffset(), spec.timestamp(),
                spec.partitionLeaderEpoch(), spec.producerId(), spec.producerEpoch(), marker).buffer());
    }

    static org.apache.kafka.common.record.internal.ControlRecordType controlType(dev.varve.engine.record.ControlRecordType type) {
        return org.apache.kafka.common.record.internal.ControlRecordType.fromTypeId(type.type());
    }

    /** Every batch in {@code buffer}, CRC-checked and decoded by Kafka. */
    static List<Decoded.Batch> decodeAll(ByteBuffer buffer) {
        List<Decoded.Batch> batches = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(buffer.duplicate()).batches()) {
            batch.ensureValid();
            batches.add(decode(batch));
        }
        return batches;
    }

    static Decoded.Batch decode(RecordBatch batch) {
        TimestampType type = batch.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        long baseTimestamp = ((org.apache.kafka.common.record.internal.DefaultRecordBatch) batch).baseTimestamp();
        Decoded.Header header = new Decoded.Header(batch.baseOffset(), batch.lastOffset(), batch.countOrNull(),
                baseTimestamp, batch.maxTimestamp(), type, batch.compressionType().id, batch.isTransactional(),
                batch.isControlBatch(), batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                batch.lastSequence(), batch.partitionLeaderEpoch());
        List<Decoded.Record> records = new ArrayList<>();
        for (Record record : batch) {
            List<Decoded.HeaderField> headers = new ArrayList<>();
            for (Header h : record.headers()) {
                headers.add(new Decoded.HeaderField(h.key(), Decoded.Bytes.of(h.value())));
            }
            records.add(new Decoded.Record(record.offset(), record.timestamp(), record.sequence(),
                    Decoded.Bytes.of(bytes(record.key())), Decoded.Bytes.of(bytes(record.value())), headers));
        }
        return new Decoded.Batch(header, records);
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** {@code section} compressed into one stream framed as Kafka frames it for {@code codec}. */
    static byte[] compress(CompressionCodec codec, byte[] section) {
        ByteBufferOutputStream out = new ByteBufferOutputStream(Math.max(64, section.length / 2));
        try (OutputStream stream = compression(codec).wrapForOutput(out, RecordBatch.MAGIC_VALUE_V2)) {
            stream.write(section);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer buffer = out.buffer();
        buffer.flip();
        return bytes(buffer);
    }
}
