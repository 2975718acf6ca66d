package dev.varve.cli.dump;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.TimestampType;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes batches as {@link BatchDump}s: the one place that decides which facts a dump shows and
 * under which names (Kafka's {@code DumpLogSegments} names where it has one). Not thread-safe; owns
 * a {@link RecordReader} and its codec contexts until {@link #close()}.
 */
public final class BatchDescriber implements AutoCloseable {
    private final RecordReader reader = new RecordReader();
    private final boolean withRecords;

    /** A describer that reads each batch's records too when {@code withRecords}. */
    public BatchDescriber(boolean withRecords) {
        this.withRecords = withRecords;
    }

    /**
     * Describes the batch {@code batch} points at, which starts at byte {@code position} of its file.
     * Corrupt records end up in {@link BatchDump#recordError()}, with positions counted from the
     * batch buffer's index 0 plus {@code bufferOffset}; {@code structureError} is the structural rule
     * the batch breaks in its file, or null.
     */
    public BatchDump describe(RecordBatchFlyweight batch, long position, long bufferOffset,
            CorruptRecordException structureError) {
        boolean crcValid = batch.isCrcValid();
        List<Field> fields = batchFields(batch, position, crcValid, structureError);
        if (!withRecords) {
            return new BatchDump(fields, List.of(), null, crcValid, structureError);
        }
        List<List<Field>> records = new ArrayList<>();
        try {
            reader.open(batch);
            while (reader.next()) {
                records.add(recordFields(batch.isControl()));
            }
        } catch (CorruptRecordException e) {
            return new BatchDump(fields, records, e.shiftedBy(bufferOffset), crcValid, structureError);
        }
        return new BatchDump(fields, records, null, crcValid, structureError);
    }

    private static List<Field> batchFields(RecordBatchFlyweight batch, long position, boolean crcValid,
            CorruptRecordException structureError) {
        List<Field> fields = new ArrayList<>(20);
        fields.add(new Field("baseOffset", batch.baseOffset()));
        fields.add(new Field("lastOffset", batch.lastOffset()));
        fields.add(new Field("count", batch.recordCount()));
        fields.add(new Field("position", position));
        fields.add(new Field("size", batch.sizeInBytes()));
        fields.add(new Field("magic", batch.magic()));
        CompressionCodec codec = batch.compression();
        fields.add(new Field("codec", codec == null ? "unknown(" + batch.codecId() + ")" : codec.configName()));
        fields.add(new Field("timestampType", timestampTypeName(batch.timestampType())));
        fields.add(new Field("baseTimestamp", batch.baseTimestamp()));
        fields.add(new Field("maxTimestamp", batch.maxTimestamp()));
        if (batch.hasDeleteHorizon()) {
            fields.add(new Field("deleteHorizonMs", batch.baseTimestamp()));
        }
        fields.add(new Field("producerId", batch.producerId()));
        fields.add(new Field("producerEpoch", batch.producerEpoch()));
        fields.add(new Field("baseSequence", batch.baseSequence()));
        fields.add(new Field("lastSequence", batch.lastSequence()));
        fields.add(new Field("partitionLeaderEpoch", batch.partitionLeaderEpoch()));
        fields.add(new Field("isTransactional", batch.isTransactional()));
        fields.add(new Field("isControl", batch.isControl()));
        fields.add(new Field("structureValid", structureError == null));
        if (structureError != null) {
            fields.add(new Field("structureError", structureError.reason() + ": " + structureError.detail()));
        }
        fields.add(new Field("crc", batch.storedCrc()));
        fields.add(new Field("crcValid", crcValid));
        return fields;
    }

    /** Kafka's names for the timestamp types, as its tools print them. */
    static String timestampTypeName(TimestampType type) {
        return type == TimestampType.LOG_APPEND_TIME ? "LogAppendTime" : "CreateTime";
    }

    private List<Field> recordFields(boolean control) {
        List<Field> fields = new ArrayList<>(10);
        fields.add(new Field("offset", reader.offset()));
        fields.add(new Field("timestamp", reader.timestamp()));
        fields.add(new Field("keySize", reader.keyLength()));
        fields.add(new Field("valueSize", reader.valueLength()));
        fields.add(new Field("sequence", reader.sequence()));
        fields.add(new Field("headers", headers()));
        ControlRecordType type = control ? reader.controlType() : null;
        if (type != null && type.isEndTxnMarker()) {
            fields.add(new Field("endTxnMarker", type.name()));
            fields.add(new Field("coordinatorEpoch", reader.coordinatorEpoch()));
            return fields;
        }
        if (type != null) {
            fields.add(new Field("controlType", type.name()));
        }
        ByteBuffer bytes = reader.buffer();
        fields.add(new Field("key", Payload.of(bytes, reader.keyOffset(), reader.keyLength())));
        fields.add(new Field("value", Payload.of(bytes, reader.valueOffset(), reader.valueLength())));
        return fields;
    }

    private List<Header> headers() {
        List<Header> headers = new ArrayList<>(reader.headerCount());
        RecordReader.HeaderCursor cursor = reader.headerCursor();
        ByteBuffer bytes = reader.buffer();
        while (cursor.next()) {
            Payload key = Payload.of(bytes, cursor.keyOffset(), cursor.keyLength());
            String keyText = key.isText() ? key.text() : "0x" + key.hex();
            headers.add(new Header(keyText, Payload.of(bytes, cursor.valueOffset(), cursor.valueLength())));
        }
        return headers;
    }

    @Override
    public void close() {
        reader.close();
    }
}
