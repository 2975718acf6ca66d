package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's text checkpoint layout, shared by its checkpoint files ({@code CheckpointFile} in Kafka): a
 * version line, an entry-count line, then one entry a line with space-separated fields.
 *
 * <pre>
 * 0            version (the only one Kafka defines)
 * 2            number of entries
 * f1 f2 ...    one entry per line
 * </pre>
 *
 * Writes replace the file atomically and durably ({@link DurableFile#replace}); reads are strict and name
 * the file and line of anything that does not parse ({@link CorruptCheckpointException}): a byte that is
 * not printable ASCII or a line feed (invalid UTF-8, NUL, control characters), a last line without its
 * line feed, fields not separated by single spaces, a bad version or count. Callers treat that as a
 * missing checkpoint; nothing here ever reports an undecodable byte as an I/O error. A missing or empty
 * file reads as no entries. The format has no checksum: a byte changed into another that still parses
 * (a digit into a digit) is not detected here; {@link OffsetCheckpointFile} detects it with a Varve-only
 * twin file, and the leader-epoch checkpoint is checked against the batches. Stateless and thread-safe.
 */
public final class CheckpointFormat {
    /** The only version Kafka defines. */
    public static final int VERSION = 0;

    private CheckpointFormat() {
    }

    /** Replaces {@code file} with {@code entries}, each already joined with single spaces. */
    public static void write(Path file, List<String> entries) {
        DurableFile.replace(file, format(entries));
    }

    /** The content {@link #write} writes for {@code entries}. */
    static byte[] format(List<String> entries) {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(entries.size()).append('\n');
        entries.forEach(entry -> text.append(entry).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The entries of {@code file}, each split into exactly {@code fields} fields.
     *
     * @param shape how an entry line should look, for error messages (e.g. {@code "epoch offset"})
     * @throws CorruptCheckpointException naming the file and line when the content does not parse
     * @throws LogStorageException on an I/O error
     */
    public static List<String[]> read(Path file, int fields, String shape) {
        byte[] bytes = bytes(file);
        return bytes == null ? List.of() : parse(file, bytes, fields, shape);
    }

    /**
     * The bytes of {@code file}, or null when it is missing.
     *
     * @throws LogStorageException on an I/O error
     */
    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new LogStorageException("read checkpoint", file.toString(), e);
        }
    }

    /**
     * The entries of {@code bytes} read as the content of {@code file} (named in errors), as {@link #read}
     * reads them.
     *
     * @throws CorruptCheckpointException naming the file and line when the content does not parse
     */
    public static List<String[]> parse(Path file, byte[] bytes, int fields, String shape) {
        if (bytes.length == 0) {
            return List.of();
        }
        checkText(file, bytes);
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
        int version = parseInt(file, lines, 0, "version");
        if (version != VERSION) {
            throw new CorruptCheckpointException(file.toString(), 1, "unsupported version: version=" + version + ", expected=" + VERSION);
        }
        int count = parseInt(file, lines, 1, "entry count");
        if (count < 0) {
            throw new CorruptCheckpointException(file.toString(), 2, "negative entry count: count=" + count);
        }
        List<String[]> entries = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            String[] split = lines[i].split(" ", -1);
            if (split.length != fields) {
                throw new CorruptCheckpointException(file.toString(), i + 1, "expected '" + shape + "': text='" + lines[i] + "'");
            }
            entries.add(split);
        }
        // Checked after the lines, so that a line torn inside is reported as itself.
        if (lines.length - 2 != count) {
            throw new CorruptCheckpointException(file.toString(), Math.min(lines.length, count + 2) + 1,
                    "entry count does not match the lines: count=" + count + ", entryLines=" + (lines.length - 2));
        }
        return entries;
    }

    /**
     * Refuses anything a checkpoint writer never writes, before it is decoded: a byte outside printable
     * ASCII and the line feed (topic names are ASCII, numbers are digits, fields single spaces), or a
     * last line without its line feed (a truncated file).
     */
    private static void checkText(Path file, byte[] bytes) {
        int line = 1;
        for (int position = 0; position < bytes.length; position++) {
            int b = bytes[position] & 0xFF;
            if (b == '\n') {
                line++;
            } else if (b < 0x20 || b > 0x7E) {
                throw new CorruptCheckpointException(file.toString(), line, "not a checkpoint character: position="
                        + position + ", byte=0x" + Integer.toHexString(b));
            }
        }
        if (bytes[bytes.length - 1] != '\n') {
            throw new CorruptCheckpointException(file.toString(), line, "truncated line: no line feed at the end, size=" + bytes.length);
        }
    }

    private static int parseInt(Path file, String[] lines, int index, String what) {
        if (index >= lines.length) {
            throw new CorruptCheckpointException(file.toString(), index + 1, "missing " + what);
        }
        try {
            return Math.toIntExact(number(lines[index]));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CorruptCheckpointException(file.toString(), index + 1, "malformed " + what + ": text='" + lines[index] + "'");
        }
    }

    /**
     * A number field as checkpoint writers write it: decimal digits only (no sign: versions, counts,
     * partitions, epochs and offsets are never negative), no overflow.
     *
     * @throws NumberFormatException otherwise
     */
    public static long number(String text) {
        if (text.isEmpty() || text.length() > 19) {
            throw new NumberFormatException("not a checkpoint number: '" + text + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new NumberFormatException("not a checkpoint number: '" + text + "'");
            }
        }
        return Long.parseLong(text); // 19 digits can still exceed Long.MAX_VALUE: parseLong says so
    }
}
