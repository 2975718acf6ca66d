package dev.varve.compaction;

import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.codec.CompressionCodec;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Test support: a random keyed log with tombstones (every codec, some idempotent producers), written
 * as segment files with Varve's builder, and read back with Kafka's {@link FileRecords}. A failing
 * example is pinned by its seed: {@code KeyedLog.random(seed)}.
 */
final class KeyedLog {
    static final long NOW_MS = 1_700_000_000_000L;

    /** One record as written or read; value null for a tombstone. */
    record Rec(long offset, long timestamp, String key, String value) {
    }

    /** One batch of the generated log. */
    record Batch(CompressionCodec codec, long producerId, List<Rec> records) {
    }

    final List<List<Batch>> segments;
    final Map<Long, Long> lastOffsetOfProducer = new HashMap<>();

    private KeyedLog(List<List<Batch>> segments) {
        this.segments = segments;
        for (List<Batch> segment : segments) {
            for (Batch batch : segment) {
                if (batch.producerId() >= 0) {
                    lastOffsetOfProducer.put(batch.producerId(), batch.records().get(batch.records().size() - 1).offset());
                }
            }
        }
    }

    /** A log of exactly these segments. */
    KeyedLog withSegments(List<List<Batch>> newSegments) {
        return new KeyedLog(newSegments);
    }

    static KeyedLog random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CompressionCodec[] codecs = CompressionCodec.values();
        int keys = 1 + random.nextInt(10);
        long offset = random.nextInt(3) * 1000L;
        long time = NOW_MS - 10_000;
        List<List<Batch>> segments = new ArrayList<>();
        for (int s = 1 + random.nextInt(3); s > 0; s--) {
            List<Batch> batches = new ArrayList<>();
            for (int b = 1 + random.nextInt(6); b > 0; b--) {
                List<Rec> records = new ArrayList<>();
                for (int r = 1 + random.nextInt(8); r > 0; r--) {
                    String key = "k" + random.nextInt(keys);
                    String value = random.nextInt(5) == 0 ? null : key + "@" + offset + "-" + "x".repeat(random.nextInt(40));
                    records.add(new Rec(offset++, time += random.nextInt(3), key, value));
                }
                long producerId = random.nextInt(3) == 0 ? random.nextInt(2) : -1;
                batches.add(new Batch(codecs[random.nextInt(codecs.length)], producerId, records));
            }
            segments.add(batches);
        }
        return new KeyedLog(segments);
    }

    /** Every record, in offset order. */
    List<Rec> records() {
        List<Rec> all = new ArrayList<>();
        segments.forEach(s -> s.forEach(b -> all.addAll(b.records())));
        return all;
    }

    /** Each key's last record (value or tombstone). */
    Map<String, Rec> latestByKey() {
        Map<String, Rec> latest = new HashMap<>();
        records().forEach(r -> latest.put(r.key(), r));
        return latest;
    }

    long lastOffset() {
        List<Rec> all = records();
        return all.get(all.size() - 1).offset();
    }

    ActiveProducers producers() {
        return id -> lastOffsetOfProducer.getOrDefault(id, -1L);
    }

    /** Writes one {@code .log} file a segment into {@code dir}; returns them oldest first. */
    List<Path> writeTo(Path dir) {
        List<Path> files = new ArrayList<>();
        for (List<Batch> segment : segments) {
            Path file = dir.resolve(String.format("%020d.log", segment.get(0).records().get(0).offset()));
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                for (Batch batch : segment) {
                    ByteBuffer bytes = encode(batch);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(file);
        }
        return files;
    }

    private static ByteBuffer encode(Batch batch) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder(batch.codec())) {
            builder.reset(batch.records().get(0).offset()).partitionLeaderEpoch(7);
            if (batch.producerId() >= 0) {
                builder.producer(batch.producerId(), (short) 3, (int) (batch.records().get(0).offset() % 1000));
            }
            for (Rec r : batch.records()) {
                builder.appendWithOffset(r.offset(), r.timestamp(), utf8(r.key()), utf8(r.value()));
            }
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    static ByteBuffer utf8(String s) {
        return s == null ? null : ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String string(ByteBuffer b) {
        return b == null ? null : StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    /** The records of a Kafka v2 file, read by Kafka, every batch's CRC checked. */
    static List<Rec> readWithKafka(Path log) {
        try (FileRecords file = FileRecords.open(new File(log.toString()), false)) {
            List<Rec> out = new ArrayList<>();
            for (RecordBatch batch : file.batches()) {
                batch.ensureValid();
                for (Record r : batch) {
                    out.add(new Rec(r.offset(), r.timestamp(), string(r.key()), r.hasValue() ? string(r.value()) : null));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that two cleaners' batches ({@link #describe} lines) are the same but for empty batches
     * one side has and the other lacks: Kafka's cleaner drops emptied batches (but an active producer's
     * last and a round's last), Varve's keeps one empty batch for each run of them, so its cleaned
     * segments have no offset gap. Every batch with records, and every empty batch both keep, must match.
     */
    static void assertSameButEmptyBatches(List<String> theirs, List<String> ours, String message) {
        List<String> theirsCompared = new ArrayList<>(theirs);
        theirsCompared.removeIf(line -> line.contains(" count=0 ") && !ours.contains(line));
        List<String> oursCompared = new ArrayList<>(ours);
        oursCompared.removeIf(line -> line.contains(" count=0 ") && !theirs.contains(line));
        org.junit.jupiter.api.Assertions.assertEquals(theirsCompared, oursCompared, message);
    }

    /** Asserts that {@code batches} cover every offset from {@code baseOffset} on, each batch starting where the one before ended. */
    static void assertNoOffsetGap(Iterable<? extends RecordBatch> batches, long baseOffset, String message) {
        long next = baseOffset;
        for (RecordBatch batch : batches) {
            org.junit.jupiter.api.Assertions.assertEquals(next, batch.baseOffset(), message + ": a gap before the batch at " + batch.baseOffset());
            next = batch.nextOffset();
        }
    }

    /** Batch shapes and records as Kafka reads them, one line a batch (CRCs checked). */
    static List<String> describe(Iterable<? extends RecordBatch> batches) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : batches) {
            batch.ensureValid();
            StringBuilder line = new StringBuilder("batch " + batch.baseOffset() + ".." + batch.lastOffset()
                    + " count=" + batch.countOrNull() + " codec=" + batch.compressionType() + " horizon=" + batch.deleteHorizonMs()
                    + " pid=" + batch.producerId() + " epoch=" + batch.producerEpoch() + " seq=" + batch.baseSequence()
                    + " ple=" + batch.partitionLeaderEpoch() + " maxTs=" + batch.maxTimestamp() + ":");
            for (Record r : batch) {
                line.append(' ').append(r.offset()).append('/').append(r.timestamp()).append('/').append(string(r.key()))
                        .append('=').append(r.hasValue() ? string(r.value()) : "null");
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Every byte of the files, in order. */
    static ByteBuffer concat(List<Path> files) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (Path f : files) {
                out.write(Files.readAllBytes(f));
            }
            return ByteBuffer.wrap(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
