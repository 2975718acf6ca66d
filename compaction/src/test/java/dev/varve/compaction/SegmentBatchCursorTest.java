package dev.varve.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleaner reads segments with the same structural checks as the log: a base offset the CRC does not cover cannot mislead it. */
class SegmentBatchCursorTest {
    @TempDir
    Path dir;

    private static ByteBuffer batch(long baseOffset, int records) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(baseOffset);
            for (int i = 0; i < records; i++) {
                builder.append(1_000 + i, ("k" + i).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    private Path write(String name, ByteBuffer... batches) throws IOException {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b);
        }
        return Files.write(dir.resolve(name), all.array());
    }

    @Test
    void shouldRefuseOverlappingBatchesNamingTheFileAndTheEarlierBatch() throws IOException {
        Path log = write("00000000000000000010.log", batch(10, 3), batch(12, 3));
        try (SegmentBatchCursor cursor = new SegmentBatchCursor(4096)) {
            cursor.open(log);
            assertTrue(cursor.next());
            CorruptRecordException e = assertThrows(CorruptRecordException.class, cursor::next);
            assertEquals(CorruptRecordException.Reason.BAD_OFFSET, e.reason());
            assertEquals(0, e.position());
            assertEquals(log.toString(), e.source());
        }
    }

    @Test
    void shouldRefuseABatchBelowItsFilesBaseOffsetOrReachingIntoTheNextFile() throws IOException {
        Path below = write("00000000000000000010.log", batch(5, 3));
        Path first = write("00000000000000000020.log", batch(20, 3), batch(23, 5));
        Path second = write("00000000000000000025.log", batch(25, 3));
        try (SegmentBatchCursor cursor = new SegmentBatchCursor(4096)) {
            cursor.open(below);
            assertEquals(CorruptRecordException.Reason.BAD_OFFSET, assertThrows(CorruptRecordException.class, cursor::next).reason());
            cursor.restart().open(first);
            while (cursor.next()) {
                // read the whole file: its last batch ends at 27
            }
            assertEquals(CorruptRecordException.Reason.BAD_OFFSET, assertThrows(CorruptRecordException.class, () -> cursor.open(second)).reason());
        }
    }
}
