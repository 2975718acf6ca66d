package dev.varve.engine.segmented;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code .lock} file that keeps a data directory to one engine at a time, across processes and
 * within this JVM. The operating system drops the lock when the process dies, so a crash never leaves
 * a directory locked.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws LogStorageException when another engine holds the directory, or on an I/O error */
    static DataDirectoryLock acquire(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new DataDirectoryLock(file, channel, lock);
                }
            } catch (OverlappingFileLockException heldInThisJvm) {
                // the same answer as another process holding it
            }
            channel.close();
            throw new LogStorageException("lock data directory", file.toString(),
                    new IOException("the data directory is in use by another engine"));
        } catch (IOException e) {
            throw new LogStorageException("lock data directory", file.toString(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new LogStorageException("unlock data directory", file.toString(), e);
        }
    }
}
