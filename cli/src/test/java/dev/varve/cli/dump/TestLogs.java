package dev.varve.cli.dump;

import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small .log files built with Varve's own builder, for dump tests. */
final class TestLogs {
    static final long T0 = 1_700_000_000_000L;

    private TestLogs() {
    }

    /**
     * Three batches: offsets 0-2 (plain, a header and a null key), 3-4 (transactional, producer 42
     * epoch 1 from sequence 7, leader epoch 5) and 5 (its COMMIT marker, coordinator epoch 9).
     */
    static byte[] threeBatches() {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            builder.append(T0, utf8("k0"), utf8("v0"));
            builder.append(T0 + 1, null, utf8("v1"), new RecordHeader("h", utf8("x")));
            builder.append(T0 + 2, utf8("k2"), new byte[0]);
            byte[] first = copy(builder.build());
            builder.reset(3).producer(42, (short) 1, 7).transactional(true).partitionLeaderEpoch(5);
            builder.append(T0 + 10, utf8("k3"), utf8("v3"));
            builder.append(T0 + 11, utf8("k4"), utf8("v4"));
            byte[] second = copy(builder.build());
            builder.reset(5).producer(42, (short) 1, -1).partitionLeaderEpoch(5);
            builder.appendEndTxnMarker(ControlRecordType.COMMIT, T0 + 12, 9);
            byte[] third = copy(builder.build());
            return concat(first, second, third);
        }
    }

    static Path write(Path directory, String name, byte[] bytes) throws IOException {
        Path file = directory.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** {@code bytes} with every batch's base offset moved up by {@code delta} (outside the CRC). */
    static byte[] shifted(byte[] bytes, long delta) {
        RecordBatchReader reader = new RecordBatchReader().reset(ByteBuffer.wrap(bytes));
        while (reader.next()) {
            reader.batch().setBaseOffset(reader.batch().baseOffset() + delta);
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
