package dev.varve.cli.dump;

import java.nio.file.Path;
import java.util.List;

/**
 * How a dump is written: {@link TextDumpFormat} for people, {@link JsonDumpFormat} for tools; batches
 * of {@code .log} files, entries of {@code .index} and {@code .timeindex} files. A
 * format writes to standard output only; errors are the dumper's to report. Not thread-safe.
 */
public interface DumpFormat {

    /** Called once per file, before its batches. */
    void startFile(Path file, long sizeBytes);

    /** Writes one batch, and its records if it has them. */
    void batch(BatchDump batch);

    /** Writes one index entry, or one finding of an index verification, as named fields. */
    void entry(List<Field> fields);

    /** A remark about the current file that is not an error, such as its being empty. */
    void note(String text);
}
