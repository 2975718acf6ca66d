package dev.varve.bench.compaction;

import dev.varve.bench.PayloadGenerator;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A never-cleaned keyed log written as Kafka segment files, the input of a cleaning benchmark:
 * {@code records} records in batches of at most {@value #BATCH_BYTES} uncompressed bytes, rolled into
 * {@code <base>.log} files of about {@code segmentBytes} as stored. Every record's key is {@code k-} and 9 digits
 * drawn uniformly from {@code [0, keySpace)}; its value a JSON-like event of about {@code valueBytes}
 * from {@link PayloadGenerator}, or, one record in {@value #TOMBSTONE_ONE_IN}, null (a tombstone).
 * Offsets from 0 without gaps, one codec for every batch, no producer ids. The same arguments give the
 * same bytes. Immutable once written.
 *
 * @param segments the {@code .log} files, oldest first
 * @param sizeInBytes their total size
 * @param endOffset the offset after the last record, which is also the number of records
 */
public record DirtyLog(List<Path> segments, long sizeInBytes, long endOffset) {
    /** Uncompressed bytes of a batch, as a producer's {@code batch.size} default (16 KiB) gives. */
    public static final int BATCH_BYTES = 16 * 1024;
    /** One record in this many is a tombstone. */
    public static final int TOMBSTONE_ONE_IN = 50;

    /** Writes the log into the folder {@code dir} (which must exist and hold no segments). */
    public static DirtyLog write(Path dir, long records, long segmentBytes, int keySpace, int valueBytes, String codec, long seed) {
        SplittableRandom keys = new SplittableRandom(seed);
        PayloadGenerator values = new PayloadGenerator(seed, valueBytes);
        byte[] key = "k-000000000".getBytes(StandardCharsets.US_ASCII);
        List<Path> segments = new ArrayList<>();
        long written = 0;
        long offset = 0;
        try (RecordBatchBuilder builder = new RecordBatchBuilder(CompressionCodec.forName(codec))) {
            while (offset < records) {
                Path file = dir.resolve(String.format("%020d.log", offset));
                segments.add(file);
                long segmentStart = written;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    while (written - segmentStart < segmentBytes && offset < records) {
                        builder.reset(offset);
                        do {
                            values.next();
                            writeDigits(key, keys.nextInt(keySpace));
                            byte[] value = keys.nextInt(TOMBSTONE_ONE_IN) == 0 ? null : values.value();
                            builder.append(values.timestampMs(), key, value);
                            offset++;
                        } while (offset < records && builder.uncompressedSizeInBytes() + valueBytes + 64 <= BATCH_BYTES);
                        written += writeFully(channel, builder.build());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirtyLog(List.copyOf(segments), written, offset);
    }

    /** The key's 9 digits after {@code k-}, in place. */
    private static void writeDigits(byte[] key, int number) {
        for (int i = key.length - 1; i >= 2; i--) {
            key[i] = (byte) ('0' + number % 10);
            number /= 10;
        }
    }

    private static int writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        int size = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        return size;
    }
}
