package dev.varve.engine.log;

import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds and decodes small uncompressed batches for engine tests. */
public final class TestBatches {
    private TestBatches() {
    }

    /** One batch at base offset 0 with one record per timestamp, values "v0", "v1", .... */
    public static ByteBuffer batch(long... timestamps) {
        return batchAt(0, timestamps);
    }

    /** One batch at {@code baseOffset} with one record per timestamp. */
    public static ByteBuffer batchAt(long baseOffset, long... timestamps) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(baseOffset);
            for (int i = 0; i < timestamps.length; i++) {
                builder.append(timestamps[i], ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            return copy(builder.build());
        }
    }

    /** The given batches end to end in one buffer. */
    public static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
        }
        return all.flip();
    }

    public static ByteBuffer copy(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        return copy.put(bytes.duplicate()).flip();
    }

    /** Base offsets of the batches in {@code bytes}, with CRCs checked. */
    public static List<Long> baseOffsets(ByteBuffer bytes) {
        List<Long> offsets = new ArrayList<>();
        RecordBatchReader reader = new RecordBatchReader().reset(bytes);
        while (reader.next()) {
            offsets.add(reader.batch().baseOffset());
        }
        return offsets;
    }

    /** Offsets and timestamps of every record in {@code bytes}, as "offset@timestamp", CRCs checked. */
    public static List<String> records(ByteBuffer bytes) {
        List<String> records = new ArrayList<>();
        RecordBatchReader reader = new RecordBatchReader().reset(bytes);
        try (RecordReader cursor = new RecordReader()) {
            while (reader.next()) {
                RecordBatchFlyweight batch = reader.batch();
                cursor.open(batch);
                while (cursor.next()) {
                    records.add(cursor.offset() + "@" + cursor.timestamp());
                }
            }
        }
        return records;
    }
}
