package dev.varve.cli.dump;

import static dev.varve.engine.record.RecordBatchDescriptor.HEADER_SIZE;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the batches of a {@code .log} file start and which offsets they hold, read from their headers
 * alone (no CRC, no records): what an index is checked against. Scanning stops at the first header
 * that is not whole and sane; {@link #validBytes()} says where.
 */
record LogBatches(List<Batch> batches, long validBytes, long fileBytes) {

    /** One batch: its start position in the file and its first and last offsets. */
    record Batch(long position, long baseOffset, long lastOffset) {
    }

    static LogBatches scan(Path log) throws IOException {
        List<Batch> batches = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        RecordBatchFlyweight batch = new RecordBatchFlyweight();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            while (size - position >= HEADER_SIZE) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) > 0) {
                    // read the whole header
                }
                batch.wrap(header, 0);
                try {
                    RecordBatchReader.checkHeader(batch, size - position, position);
                } catch (CorruptRecordException e) {
                    break;
                }
                batches.add(new Batch(position, batch.baseOffset(), batch.lastOffset()));
                position += batch.sizeInBytes();
            }
            return new LogBatches(batches, position, size);
        }
    }

    /** The batch starting at {@code position}, or null. */
    Batch startingAt(long position) {
        int low = 0;
        int high = batches.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long at = batches.get(mid).position();
            if (at == position) {
                return batches.get(mid);
            }
            if (at < position) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return null;
    }

    /** Whether some batch holds {@code offset}. */
    boolean holds(long offset) {
        int low = 0;
        int high = batches.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Batch candidate = batches.get(mid);
            if (offset < candidate.baseOffset()) {
                high = mid - 1;
            } else if (offset > candidate.lastOffset()) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
