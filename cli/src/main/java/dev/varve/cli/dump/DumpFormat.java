package dev.varve.cli.dump;

import java.nio.file.Path;

/**
 * How a dump is written: {@link TextDumpFormat} for people, {@link JsonDumpFormat} for tools. A
 * format writes to standard output only; errors are the dumper's to report. Not thread-safe.
 */
public interface DumpFormat {

    /** Called once per file, before its batches. */
    void startFile(Path file, long sizeBytes);

    /** Writes one batch, and its records if it has them. */
    void batch(BatchDump batch);

    /** A remark about the current file that is not an error, such as its being empty. */
    void note(String text);
}
