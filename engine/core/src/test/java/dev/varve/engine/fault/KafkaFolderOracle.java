package dev.varve.engine.fault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.storage.internals.log.OffsetIndex;
import org.apache.kafka.storage.internals.log.TimeIndex;

/**
 * Apache Kafka's own readers as the judge of a partition folder after a fault: every {@code .log}
 * is read by Kafka's {@code FileRecords}, each batch passes {@code ensureValid()}, the batches fill the
 * file exactly (no trailing bytes after the last batch), none starts below the segment's base offset
 * (a cleaned segment may start above it) and offsets increase across the folder; Kafka's read-only {@code OffsetIndex} and
 * {@code TimeIndex} pass {@code sanityCheck()}. For a folder a clean close left (trimmed indexes).
 */
public final class KafkaFolderOracle {
    private KafkaFolderOracle() {
    }

    /**
     * Checks {@code folder} as described above.
     *
     * @return the offset after the last batch (the folder's log end), or -1 when it has no batch
     * @throws AssertionError naming the file and what Kafka's reader found
     */
    public static long assertAccepts(Path folder) {
        long next = -1;
        for (Path log : logs(folder)) {
            String name = log.getFileName().toString();
            long base = Long.parseLong(name.substring(0, name.length() - ".log".length()));
            next = checkLog(log, base, next);
            checkIndexes(folder, name.substring(0, name.length() - ".log".length()), base);
        }
        return next;
    }

    private static long checkLog(Path log, long base, long previousEnd) {
        long next = previousEnd;
        try (FileRecords records = FileRecords.open(log.toFile(), false)) {
            long covered = 0;
            boolean first = true;
            for (FileChannelRecordBatch batch : records.batches()) {
                batch.ensureValid();
                if (first && batch.baseOffset() < base) {
                    throw new AssertionError(log + ": first batch at offset " + batch.baseOffset() + ", below the segment's base " + base);
                }
                if (batch.baseOffset() < next) {
                    throw new AssertionError(log + ": batch at offset " + batch.baseOffset() + " below the previous end " + next);
                }
                first = false;
                covered += batch.sizeInBytes();
                next = batch.lastOffset() + 1;
            }
            if (covered != records.sizeInBytes()) {
                throw new AssertionError(log + ": trailing bytes after the last batch: " + (records.sizeInBytes() - covered));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return next;
    }

    private static void checkIndexes(Path folder, String stem, long base) {
        File offsets = folder.resolve(stem + ".index").toFile();
        File times = folder.resolve(stem + ".timeindex").toFile();
        try {
            if (offsets.exists()) {
                OffsetIndex index = new OffsetIndex(offsets, base, -1, false);
                try {
                    index.sanityCheck();
                } finally {
                    index.close();
                }
            }
            if (times.exists()) {
                TimeIndex index = new TimeIndex(times, base, -1, false);
                try {
                    index.sanityCheck();
                } finally {
                    index.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new AssertionError(folder + "/" + stem + ": Kafka's index check failed: " + e.getMessage(), e);
        }
    }

    private static List<Path> logs(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
