package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Replaces and deletes small files so that the change survives a crash at any instant: after
 * {@link #replace} returns, the file has the new content; before, it has the old content or (if it
 * did not exist) none; never a torn mix. Used by the checkpoint and marker files, and by the segmented
 * log to make new and removed segment files durable ({@link #syncDirectory}).
 */
public final class DurableFile {
    private static final boolean CAN_SYNC_DIRECTORIES =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DurableFile() {
    }

    /**
     * Writes {@code content} to {@code <target>.tmp}, fsyncs it, renames it over {@code target}
     * atomically, then fsyncs the directory so the rename itself is durable.
     */
    public static void replace(Path target, byte[] content) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectoryOf(target);
        } catch (IOException e) {
            throw new LogStorageException("replace file", target.toString(), e);
        }
    }

    /** Deletes {@code file} if present and fsyncs its directory. @return whether it existed */
    public static boolean delete(Path file) {
        try {
            boolean existed = Files.deleteIfExists(file);
            if (existed) {
                syncDirectoryOf(file);
            }
            return existed;
        } catch (IOException e) {
            throw new LogStorageException("delete file", file.toString(), e);
        }
    }

    /** Fsyncs {@code dir} so that files created, renamed or removed in it stay so after a crash. */
    public static void syncDirectory(Path dir) {
        try {
            syncDirectoryOf(dir.resolve("."));
        } catch (IOException e) {
            throw new LogStorageException("sync directory", dir.toString(), e);
        }
    }

    /** Fsyncs the directory holding {@code file}; Windows cannot open directories, and needs no such step. */
    private static void syncDirectoryOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (CAN_SYNC_DIRECTORIES && dir != null) {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }
}
