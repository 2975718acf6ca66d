package dev.varve.engine.segmented;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * What a power loss does to a segment, for crash tests: the {@code .log} keeps what was flushed plus a
 * random part of the rest, half the time ending in a few random bytes (a torn write), and when the
 * segment had unflushed data, a third of the time one of its indexes gets a few random bytes (pages
 * lost or torn). Flushed data is never touched. The segment's files are released as a killed process
 * leaves them. Deterministic for a given {@link Random}.
 */
final class PowerLoss {
    private PowerLoss() {
    }

    static void strike(LogSegment segment, Random random) {
        int size = segment.sizeInBytes();
        int flushed = segment.flushedBytes();
        int keep = flushed + (size > flushed ? random.nextInt(size - flushed + 1) : 0);
        segment.file().truncateTo(keep);
        if (keep < size && random.nextBoolean()) {
            byte[] garbage = new byte[1 + random.nextInt(Math.min(64, size - keep))];
            random.nextBytes(garbage);
            segment.file().append(ByteBuffer.wrap(garbage));
        }
        segment.halt();
        if (size > flushed && random.nextInt(3) == 0) {
            scribble(random.nextBoolean() ? segment.offsetIndex().file() : segment.timeIndex().file(), random);
        }
    }

    private static void scribble(Path index, Random random) {
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
            long length = channel.size();
            if (length > 0) {
                byte[] garbage = new byte[1 + random.nextInt(16)];
                random.nextBytes(garbage);
                channel.write(ByteBuffer.wrap(garbage), (long) (random.nextDouble() * length));
            }
        } catch (IOException e) {
            throw new LogStorageException("scribble", index.toString(), e);
        }
    }
}
