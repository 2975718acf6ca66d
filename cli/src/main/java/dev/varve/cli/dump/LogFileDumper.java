package dev.varve.cli.dump;

import dev.varve.cli.CliException;
import dev.varve.cli.ErrorReporter;
import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Dumps {@code .log} files: maps each read-only, in windows of at most {@link #MAX_WINDOW_BYTES}
 * that always start on a batch boundary (so files past 2 GiB work), and walks its batches without
 * enforcing CRCs, handing each to a {@link DumpFormat}.
 *
 * <p>Each batch also gets a structural verdict ({@code structureValid}): its place in the file by
 * {@link BatchOrder}'s rules, which the CRC cannot check (base offset above the previous batch's last
 * offset and at or above the base offset the file is named after, within a 32-bit relative offset of
 * it). A batch that breaks them is compared with the last
 * batch that kept them.
 *
 * <p>Outcome of {@link #dump}: returns normally only when every batch is whole, structurally valid, has
 * a valid CRC and readable records. Otherwise it shows everything that could be decoded and then throws
 * a {@link CliException} (exit 1) whose message names the file and the problem: the first corrupt
 * batch's reason and position and the bytes left undecoded after it, or how many batches failed
 * their structural, CRC or record checks, with the first structural violation's position (each record
 * failure is also reported on its own line as it is met).
 * Not thread-safe.
 */
public final class LogFileDumper implements AutoCloseable {
    /** The largest window mapped at once: the most a {@link java.nio.ByteBuffer} can address. */
    public static final long MAX_WINDOW_BYTES = Integer.MAX_VALUE;

    private final DumpFormat format;
    private final PrintWriter err;
    private final boolean verbose;
    private final long windowBytes;
    private final BatchDescriber describer;
    private final RecordBatchReader reader = new RecordBatchReader(false);
    private final BatchOrder order = new BatchOrder();

    /** A dumper writing batches to {@code format} and per-record problems to {@code err}. */
    public LogFileDumper(DumpFormat format, PrintWriter err, boolean withRecords, boolean verbose) {
        this(format, err, withRecords, verbose, MAX_WINDOW_BYTES);
    }

    LogFileDumper(DumpFormat format, PrintWriter err, boolean withRecords, boolean verbose, long windowBytes) {
        this.format = format;
        this.err = err;
        this.verbose = verbose;
        this.windowBytes = windowBytes;
        this.describer = new BatchDescriber(withRecords);
    }

    /**
     * Dumps one file.
     *
     * @throws CliException exit 1 when the file is missing, unreadable or holds corrupt batches
     * @throws IOException when reading fails
     */
    public void dump(Path file) throws IOException {
        checkDumpable(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            format.startFile(file, size);
            LogFileName.parse(file.getFileName().toString()).ifPresentOrElse(
                    name -> order.startSegment(name.baseOffset(), Long.MAX_VALUE), order::startLog);
            if (size == 0) {
                format.note("empty file: 0 batches");
                return;
            }
            Tally tally = walk(file, channel, size);
            tally.check(file);
        }
    }

    static void checkDumpable(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException(CliException.DATA_ERROR, file + ": is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new CliException(CliException.DATA_ERROR, file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new CliException(CliException.DATA_ERROR, file + ": permission denied");
        }
    }

    private Tally walk(Path file, FileChannel channel, long size) throws IOException {
        Tally tally = new Tally();
        long windowStart = 0;
        while (windowStart < size) {
            long windowSize = Math.min(size - windowStart, windowBytes);
            MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowSize);
            reader.reset(window);
            try {
                while (reader.next()) {
                    describeBatch(file, windowStart, tally);
                }
                windowStart += windowSize;
            } catch (CorruptRecordException e) {
                boolean cutByWindow = e.reason() == CorruptRecordException.Reason.TRUNCATED
                        && windowStart + windowSize < size && reader.validBytes() > 0;
                if (!cutByWindow) {
                    long validEnd = windowStart + reader.validBytes();
                    throw new CliException(CliException.DATA_ERROR, file + ": " + e.shiftedBy(windowStart).getMessage()
                            + " (" + (size - validEnd) + " invalid bytes at the end of the file)", e);
                }
                windowStart += reader.validBytes();
            }
        }
        return tally;
    }

    private void describeBatch(Path file, long windowStart, Tally tally) {
        long position = windowStart + reader.batch().start();
        CorruptRecordException violation = null;
        try {
            order.check(reader.batch(), position);
        } catch (CorruptRecordException e) {
            violation = e;
        }
        BatchDump batch = describer.describe(reader.batch(), position, windowStart, violation);
        format.batch(batch);
        tally.batches++;
        if (violation != null && tally.badStructure++ == 0) {
            tally.firstViolation = violation;
        }
        if (!batch.crcValid()) {
            tally.badCrc++;
        }
        if (batch.recordError() != null) {
            tally.badRecords++;
            ErrorReporter.report(err, new CliException(CliException.DATA_ERROR,
                    file + ": " + batch.recordError().getMessage(), batch.recordError()), verbose);
        }
    }

    @Override
    public void close() {
        describer.close();
    }

    /** Counts of what a walk found. */
    private static final class Tally {
        long batches;
        long badCrc;
        long badRecords;
        long badStructure;
        CorruptRecordException firstViolation;

        void check(Path file) {
            if (badCrc == 0 && badRecords == 0 && badStructure == 0) {
                return;
            }
            StringBuilder message = new StringBuilder().append(file).append(": ");
            if (badStructure > 0) {
                message.append(badStructure).append(" of ").append(batches).append(" batches break the log's structure, the first: ")
                        .append(firstViolation.getMessage()).append(badCrc + badRecords > 0 ? "; " : "");
            }
            if (badCrc > 0) {
                message.append(badCrc).append(" of ").append(batches).append(" batches failed the CRC check");
            }
            if (badRecords > 0) {
                message.append(badCrc > 0 ? ", " : "").append(badRecords).append(" of ").append(batches)
                        .append(" batches have corrupt records");
            }
            throw new CliException(CliException.DATA_ERROR, message.toString());
        }
    }
}
