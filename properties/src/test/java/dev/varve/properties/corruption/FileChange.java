package dev.varve.properties.corruption;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One changed byte of one file of a data directory: the byte at {@code position} of {@code file}
 * (relative to the directory) XORed with {@code mask}; a single-bit mask is a bit flip. What a failing
 * trial prints, so it can be replayed as a test.
 */
record FileChange(Path file, int position, int mask, String field) {

    /** Flips bit {@code bit} (0 = least significant) of the byte at {@code position}. */
    static FileChange bit(Path file, int position, int bit, String field) {
        return new FileChange(file, position, 1 << bit, field);
    }

    void applyTo(Path dir) {
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve(file.toString()).toFile(), "rw")) {
            raf.seek(position);
            int original = raf.read();
            raf.seek(position);
            raf.write(original ^ mask);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        String change = Integer.bitCount(mask) == 1 ? "bit " + Integer.numberOfTrailingZeros(mask) : "xor 0x" + Integer.toHexString(mask);
        return file + " position " + position + " " + change + (field.isEmpty() ? "" : " (" + field + ")");
    }
}
