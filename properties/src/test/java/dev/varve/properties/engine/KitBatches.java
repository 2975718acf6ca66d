package dev.varve.properties.engine;

import static dev.varve.properties.engine.KitRun.check;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.api.LogSlice;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.RecordReader;
import dev.varve.properties.engine.Actions.BatchSpec;
import dev.varve.properties.engine.Actions.RecordSpec;
import dev.varve.properties.engine.LogModel.ModelBatch;
import dev.varve.properties.engine.LogModel.ModelRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns batch specs into Kafka v2 bytes and model batches, and checks what an engine served against the
 * model: every byte parsed with CRCs verified, every record compared field by field.
 */
final class KitBatches {

    List<ByteBuffer> build(List<BatchSpec> specs) {
        List<ByteBuffer> built = new ArrayList<>();
        for (BatchSpec spec : specs) {
            try (RecordBatchBuilder builder = new RecordBatchBuilder(KitRun.CODECS.get(spec.codec() % KitRun.CODECS.size()))) {
                builder.reset(0);
                for (RecordSpec record : spec.records()) {
                    builder.append(KitRun.BASE_TIME + record.timestampDelta(), key(record), value(record), headers(record));
                }
                ByteBuffer batch = builder.build();
                built.add(ByteBuffer.allocate(batch.remaining()).put(batch).flip());
            }
        }
        return built;
    }

    /**
     * Makes built batches look fetched from a leader: base offsets from {@code nextOffset} (each batch where the one
     * before ends) and {@code epoch} stamped; neither is covered by the CRC.
     */
    static void asFetched(List<ByteBuffer> built, long nextOffset, int epoch) {
        long offset = nextOffset;
        for (ByteBuffer bytes : built) {
            RecordBatchFlyweight batch = new RecordBatchFlyweight().wrap(bytes, bytes.position());
            batch.setBaseOffset(offset);
            batch.setPartitionLeaderEpoch(epoch);
            offset = batch.nextOffset();
        }
    }

    boolean anyLargerThan(List<ByteBuffer> built, int maxMessageBytes) {
        return built.stream().anyMatch(batch -> batch.remaining() > maxMessageBytes);
    }

    /**
     * The model's view of the batches once stored from {@code nextOffset}, stamped with {@code logAppendTime}
     * unless -1, each with the partition leader epoch it has in {@code built}.
     */
    List<ModelBatch> toModel(List<BatchSpec> specs, List<ByteBuffer> built, long nextOffset, long logAppendTime) {
        List<ModelBatch> batches = new ArrayList<>();
        long offset = nextOffset;
        for (int i = 0; i < specs.size(); i++) {
            List<ModelRecord> records = new ArrayList<>();
            for (RecordSpec record : specs.get(i).records()) {
                long timestamp = logAppendTime >= 0 ? logAppendTime : KitRun.BASE_TIME + record.timestampDelta();
                records.add(new ModelRecord(offset++, timestamp, key(record), value(record), List.of(headers(record))));
            }
            ByteBuffer bytes = built.get(i);
            batches.add(new ModelBatch(bytes.remaining(), new RecordBatchFlyweight().wrap(bytes, bytes.position()).partitionLeaderEpoch(),
                    records));
        }
        return batches;
    }

    private static byte[] key(RecordSpec record) {
        return record.key() < 0 ? null : ("k" + record.key()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(RecordSpec record) {
        if (record.valueLength() < 0) {
            return null;
        }
        byte[] value = new byte[record.valueLength()];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (record.salt() * 31 + i);
        }
        return value;
    }

    private static RecordHeader[] headers(RecordSpec record) {
        RecordHeader[] headers = new RecordHeader[record.headers()];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = new RecordHeader("h" + i, i % 2 == 1 ? null : ("x" + record.salt()).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    static ByteBuffer concat(List<ByteBuffer> batches) {
        ByteBuffer all = ByteBuffer.allocate(batches.stream().mapToInt(ByteBuffer::remaining).sum());
        batches.forEach(batch -> all.put(batch.duplicate()));
        return all.flip();
    }

    /**
     * Flips one byte that the CRC covers (or the magic), in the batch and at the place {@code pick} names;
     * returns its position in the concatenated input.
     */
    static int corrupt(List<ByteBuffer> built, int pick) {
        int index = Math.floorMod(pick, built.size());
        ByteBuffer batch = built.get(index);
        int covered = batch.remaining() - 16;
        int position = 16 + Math.floorMod(pick / built.size(), covered);
        batch.put(position, (byte) ~batch.get(position));
        int before = built.subList(0, index).stream().mapToInt(ByteBuffer::remaining).sum();
        return before + position;
    }

    /**
     * Checks that {@code slice} holds a non-empty prefix of {@code expected} (empty only when nothing is
     * expected), within {@code maxBytes} unless it is a single batch, each batch equal to the model's.
     *
     * @return the offset after the last batch served, or {@code start} when none was
     */
    static long checkPrefix(LogSlice slice, List<ModelBatch> expected, int maxBytes, long start) {
        List<ModelBatch> served = new ArrayList<>();
        ByteBuffer bytes = slice.toBuffer();
        check(bytes.remaining() == slice.sizeInBytes(), "slice size " + slice.sizeInBytes() + " but buffer of " + bytes.remaining());
        RecordBatchReader reader = new RecordBatchReader().reset(bytes);
        try (RecordReader records = new RecordReader()) {
            while (reader.next()) {
                check(served.size() < expected.size(), "read served more batches than the model has: " + expected.size());
                ModelBatch model = expected.get(served.size());
                checkBatch(reader.batch(), records, model);
                served.add(model);
            }
        } catch (CorruptRecordException e) {
            throw new AssertionError("engine served corrupt bytes: " + e.getMessage(), e);
        }
        check(!served.isEmpty() || expected.isEmpty(), "read from " + start + " served nothing; expected " + expected.size() + " batches");
        check(served.size() <= 1 || slice.sizeInBytes() <= maxBytes, "read served " + slice.sizeInBytes()
                + " bytes in " + served.size() + " batches, above maxBytes=" + maxBytes);
        return served.isEmpty() ? start : served.get(served.size() - 1).nextOffset();
    }

    private static void checkBatch(RecordBatchFlyweight batch, RecordReader records, ModelBatch model) {
        check(batch.baseOffset() == model.baseOffset() && batch.lastOffset() == model.lastOffset()
                && batch.sizeInBytes() == model.sizeInBytes() && batch.partitionLeaderEpoch() == model.partitionLeaderEpoch(),
                "served " + batch + " in epoch " + batch.partitionLeaderEpoch() + ", expected batch [" + model.baseOffset()
                + ", " + model.lastOffset() + "] of " + model.sizeInBytes() + " bytes in epoch " + model.partitionLeaderEpoch());
        records.open(batch);
        for (ModelRecord expected : model.records()) {
            check(records.next(), "batch " + batch + " ends before offset " + expected.offset());
            check(expected.sameAs(records.offset(), records.timestamp(), records.key(), records.value(), List.of(records.headers())),
                    "record at offset " + records.offset() + "@" + records.timestamp() + " differs from the model's " + expected);
        }
        check(!records.next(), "batch " + batch + " has more records than appended");
    }
}
