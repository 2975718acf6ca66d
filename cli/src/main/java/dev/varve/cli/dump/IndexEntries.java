package dev.varve.cli.dump;

import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.log.OffsetPosition;
import dev.varve.engine.log.TimeIndex;
import dev.varve.engine.log.TimeIndexEntry;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entries of one {@code .index} or {@code .timeindex} file, read through Varve's read-only index
 * classes: for an offset index (offset, position) pairs, for a time index (timestamp, offset) pairs.
 * Like Kafka's {@code DumpLogSegments}, reading stops at the first entry after the first whose offset
 * is the base offset: the zero tail of a preallocated index that was never trimmed (a crash, or the
 * active segment of a running log); {@link #zeroTail()} counts what was left out.
 */
record IndexEntries(LogFileType type, long baseOffset, long[] first, long[] second, int zeroTail, long fileBytes) {

    /** Reads {@code file}, whose name must be {@code <20-digit base offset>.index} or {@code .timeindex}. */
    static IndexEntries read(Path file, LogFileName name, long fileBytes) {
        boolean offsets = name.type() == LogFileType.OFFSET_INDEX;
        long base = name.baseOffset();
        if (offsets) {
            OffsetIndex index = OffsetIndex.openReadOnly(file, base);
            try {
                long[] first = new long[index.entries()];
                long[] second = new long[index.entries()];
                int n = 0;
                for (; n < index.entries(); n++) {
                    OffsetPosition entry = index.entry(n);
                    if (n > 0 && entry.offset() == base) {
                        break;
                    }
                    first[n] = entry.offset();
                    second[n] = entry.position();
                }
                return of(name.type(), base, first, second, n, index.entries(), fileBytes);
            } finally {
                index.close();
            }
        }
        TimeIndex index = TimeIndex.openReadOnly(file, base);
        try {
            long[] first = new long[index.entries()];
            long[] second = new long[index.entries()];
            int n = 0;
            for (; n < index.entries(); n++) {
                TimeIndexEntry entry = index.entry(n);
                if (n > 0 && entry.offset() == base) {
                    break;
                }
                first[n] = entry.timestamp();
                second[n] = entry.offset();
            }
            return of(name.type(), base, first, second, n, index.entries(), fileBytes);
        } finally {
            index.close();
        }
    }

    private static IndexEntries of(LogFileType type, long base, long[] first, long[] second, int n, int all, long bytes) {
        return new IndexEntries(type, base, Arrays.copyOf(first, n), Arrays.copyOf(second, n), all - n, bytes);
    }

    int size() {
        return first.length;
    }

    boolean isOffsetIndex() {
        return type == LogFileType.OFFSET_INDEX;
    }

    /** The offset of entry {@code i}. */
    long offset(int i) {
        return isOffsetIndex() ? first[i] : second[i];
    }
}
