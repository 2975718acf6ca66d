package dev.varve.cli.dump;

import dev.varve.cli.CliException;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Dumps {@code .index} and {@code .timeindex} files in Kafka's {@code DumpLogSegments} style
 * ({@code offset: N position: P}, {@code timestamp: T offset: O}), or, when verifying, checks them
 * against the {@code .log} next to them ({@link IndexVerifier}) and shows only what does not match.
 * Returns normally when all is well; throws a {@link CliException} (exit 1) naming the file otherwise.
 */
final class IndexFileDumper {
    private final DumpFormat format;
    private final boolean verify;

    IndexFileDumper(DumpFormat format, boolean verify) {
        this.format = format;
        this.verify = verify;
    }

    /** Whether {@code file} is named like an index this dumper reads. */
    static boolean isIndex(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.endsWith(LogFileType.OFFSET_INDEX.suffix()) || name.endsWith(LogFileType.TIME_INDEX.suffix());
    }

    void dump(Path file) throws IOException {
        LogFileDumper.checkDumpable(file);
        Optional<LogFileName> name = LogFileName.parse(file.getFileName().toString());
        if (name.isEmpty() || name.get().suffix() != LogFileName.Suffix.NONE) {
            throw new CliException(CliException.DATA_ERROR, file + ": not a Kafka index file name "
                    + "(<20-digit base offset>.index or .timeindex): the base offset comes from the name");
        }
        long size = Files.size(file);
        format.startFile(file, size);
        IndexEntries entries = IndexEntries.read(file, name.get(), size);
        if (verify) {
            verify(file, name.get(), entries);
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            format.entry(entries.isOffsetIndex()
                    ? List.of(new Field("offset", entries.first()[i]), new Field("position", entries.second()[i]))
                    : List.of(new Field("timestamp", entries.first()[i]), new Field("offset", entries.second()[i])));
        }
        noteZeroTail(entries);
    }

    private void verify(Path file, LogFileName name, IndexEntries entries) throws IOException {
        Path log = LogFileName.of(name.baseOffset(), LogFileType.LOG).resolveIn(file.toAbsolutePath().getParent());
        if (!Files.exists(log)) {
            throw new CliException(CliException.DATA_ERROR, file + ": cannot verify: no " + log.getFileName() + " next to it");
        }
        LogBatches batches = LogBatches.scan(log);
        List<List<Field>> findings = IndexVerifier.verify(entries, batches);
        findings.forEach(format::entry);
        noteZeroTail(entries);
        if (!findings.isEmpty()) {
            throw new CliException(CliException.DATA_ERROR, file + ": " + findings.size() + " of " + entries.size()
                    + " entries do not match " + log.getFileName());
        }
        format.note(entries.size() + " entries match " + log.getFileName() + " (" + batches.batches().size() + " batches)");
    }

    private void noteZeroTail(IndexEntries entries) {
        if (entries.zeroTail() > 0) {
            format.note(entries.zeroTail() + " zero entries after the last entry not shown "
                    + "(a preallocated index that was not trimmed: an active segment, or a crash)");
        }
    }
}
