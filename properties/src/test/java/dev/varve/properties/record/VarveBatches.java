package dev.varve.properties.record;

import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.TimestampType;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Our side of every property: writes specs with {@link RecordBatchBuilder} and reads batches with our readers. */
final class VarveBatches {
    private VarveBatches() {
    }

    /** The batch {@code spec} describes, written by our builder, as a heap buffer of exactly its bytes. */
    static ByteBuffer build(BatchSpec spec) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(spec.codec())) {
            builder.reset(spec.baseOffset())
                    .producer(spec.producerId(), spec.producerEpoch(), spec.baseSequence())
                    .transactional(spec.transactional())
                    .partitionLeaderEpoch(spec.partitionLeaderEpoch());
            if (spec.timestampType() == TimestampType.LOG_APPEND_TIME) {
                builder.logAppendTime(spec.logAppendTimeMs());
            }
            for (BatchSpec.RecordSpec record : spec.records()) {
                RecordHeader[] headers = new RecordHeader[record.headers().size()];
                for (int i = 0; i < headers.length; i++) {
                    headers[i] = new RecordHeader(record.headers().get(i).key(), record.headers().get(i).value());
                }
                builder.appendWithOffset(spec.baseOffset() + record.offsetDelta(), record.timestamp(),
                        wrap(record.key()), wrap(record.value()), headers);
            }
            return copy(builder.build());
        }
    }

    /** The end-transaction marker batch {@code spec} describes, written by our builder. */
    static ByteBuffer build(ControlSpec spec) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(spec.baseOffset())
                    .producer(spec.producerId(), spec.producerEpoch(), -1)
                    .partitionLeaderEpoch(spec.partitionLeaderEpoch());
            builder.appendEndTxnMarker(spec.type(), spec.timestamp(), spec.coordinatorEpoch());
            return copy(builder.build());
        }
    }

    /** Every batch in {@code buffer} (from its position to its limit), decoded with our readers. */
    static List<Decoded.Batch> decodeAll(ByteBuffer buffer) {
        List<Decoded.Batch> batches = new ArrayList<>();
        RecordBatchReader reader = new RecordBatchReader().reset(buffer);
        try (RecordReader records = new RecordReader()) {
            while (reader.next()) {
                batches.add(decode(reader.batch(), records));
            }
        }
        return batches;
    }

    static Decoded.Batch decode(RecordBatchFlyweight batch, RecordReader records) {
        Decoded.Header header = new Decoded.Header(batch.baseOffset(), batch.lastOffset(), batch.recordCount(),
                batch.baseTimestamp(), batch.maxTimestamp(), batch.timestampType(), batch.codecId(),
                batch.isTransactional(), batch.isControl(), batch.producerId(), batch.producerEpoch(),
                batch.baseSequence(), batch.lastSequence(), batch.partitionLeaderEpoch());
        List<Decoded.Record> list = new ArrayList<>(Math.max(0, Math.min(batch.recordCount(), 1 << 16)));
        records.open(batch);
        while (records.next()) {
            List<Decoded.HeaderField> headers = new ArrayList<>(records.headerCount());
            for (RecordHeader h : records.headers()) {
                headers.add(new Decoded.HeaderField(h.key(), Decoded.Bytes.of(h.value())));
            }
            list.add(new Decoded.Record(records.offset(), records.timestamp(), records.sequence(),
                    Decoded.Bytes.of(records.key()), Decoded.Bytes.of(records.value()), headers));
        }
        return new Decoded.Batch(header, list);
    }

    /** The bytes of our uncompressed record section for {@code spec}: what a compressed batch compresses. */
    static byte[] uncompressedSection(BatchSpec spec) {
        ByteBuffer batch = build(spec.withCodec(CompressionCodec.NONE));
        byte[] section = new byte[batch.remaining() - dev.varve.engine.record.RecordBatchDescriptor.RECORDS_OFFSET];
        batch.get(dev.varve.engine.record.RecordBatchDescriptor.RECORDS_OFFSET, section);
        return section;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** A heap copy of the remaining bytes, position 0: builders hand out views of buffers they reuse. */
    static ByteBuffer copy(ByteBuffer view) {
        ByteBuffer copy = ByteBuffer.allocate(view.remaining());
        copy.put(view.duplicate()).flip();
        return copy;
    }
}
