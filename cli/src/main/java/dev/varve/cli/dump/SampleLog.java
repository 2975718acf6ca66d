package dev.varve.cli.dump;

import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordHeader;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the sample {@code .log} that {@code varve dump --sample} shows: one batch per codec with
 * null, empty and binary keys and values and headers, then a transactional batch and its COMMIT
 * marker. Timestamps and ids are fixed, so the sample's dump is the same on every run.
 */
public final class SampleLog {
    /** The first record's timestamp: 2024-01-01T00:00:00Z. */
    static final long BASE_TIMESTAMP_MS = 1_704_067_200_000L;
    static final long PRODUCER_ID = 4000L;
    static final short PRODUCER_EPOCH = 3;
    static final int COORDINATOR_EPOCH = 9;
    static final int LEADER_EPOCH = 0;

    private SampleLog() {
    }

    /** Writes the sample to {@code file}, which must not exist. */
    public static void write(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long offset = 0;
            for (CompressionCodec codec : CompressionCodec.values()) {
                try (RecordBatchBuilder builder = new RecordBatchBuilder(codec)) {
                    offset = appendMixedRecords(builder.reset(offset), codec);
                    writeFully(channel, builder.build());
                }
            }
            try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
                builder.reset(offset).producer(PRODUCER_ID, PRODUCER_EPOCH, 0).transactional(true)
                        .partitionLeaderEpoch(LEADER_EPOCH);
                builder.append(BASE_TIMESTAMP_MS + 100, bytes("order-1"), bytes("{\"qty\":2}"));
                offset = builder.append(BASE_TIMESTAMP_MS + 101, bytes("order-2"), bytes("{\"qty\":5}")) + 1;
                writeFully(channel, builder.build());
                builder.reset(offset).producer(PRODUCER_ID, PRODUCER_EPOCH, -1).partitionLeaderEpoch(LEADER_EPOCH);
                builder.appendEndTxnMarker(ControlRecordType.COMMIT, BASE_TIMESTAMP_MS + 102, COORDINATOR_EPOCH);
                writeFully(channel, builder.build());
            }
        }
    }

    /** Four records: text, a null key with headers, an empty key and value, and a binary key with a null value. */
    private static long appendMixedRecords(RecordBatchBuilder builder, CompressionCodec codec) {
        builder.partitionLeaderEpoch(LEADER_EPOCH);
        long time = BASE_TIMESTAMP_MS + 10L * codec.id();
        builder.append(time, bytes("key-" + codec.configName()), bytes("hello from " + codec.configName()));
        builder.append(time + 1, null, bytes("a null key, two headers"),
                new RecordHeader("trace-id", bytes("abc123")), new RecordHeader("empty-value", null));
        builder.append(time + 2, new byte[0], new byte[0]);
        return builder.append(time + 3, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}, null) + 1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeFully(FileChannel channel, ByteBuffer batch) throws IOException {
        while (batch.hasRemaining()) {
            channel.write(batch);
        }
    }
}
