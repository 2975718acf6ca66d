package dev.varve.lmdb;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/**
 * One LMDB environment in a directory, opened with byte-array buffers and LMDB's default durability (every
 * commit is synced), with the map grown on demand. Not thread-safe: its owner serializes calls, which is also
 * what LMDB needs to resize the map (no transaction may be open in the process). Translates LMDB's failures
 * into Varve's exceptions: a damaged data file (one {@link LmdbMetaPages} refuses before LMDB maps it, or one
 * LMDB reports as invalid, corrupted or missing pages) is a {@link CorruptRemoteMetadataException} naming the
 * file, anything else a {@code LogStorageException}.
 *
 * <p>Byte arrays, not direct {@code ByteBuffer}s: lmdbjava's buffer proxies reach into {@code java.nio}
 * internals and need {@code --add-opens} on Java 17+, the byte-array proxy needs no JVM flag. Metadata records
 * are small and written once per segment transition, so the copy costs nothing that matters.
 */
final class LmdbEnvironment implements AutoCloseable {
    /** The file whose lock makes the opener the environment's only process. */
    static final String LOCK_FILE = "varve.lock";
    /** LMDB's data file in the directory. */
    static final String DATA_FILE = "data.mdb";
    /** LMDB breaks its locks if one process opens an environment twice, so we refuse it. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final String dataFile;
    private final long maxMapBytes;
    private final FileChannel lock;
    private final Env<byte[]> env;
    private long mapBytes;

    private LmdbEnvironment(Path directory, FileChannel lock, Env<byte[]> env, long mapBytes, long maxMapBytes) {
        this.directory = directory;
        this.dataFile = directory.resolve(DATA_FILE).toString();
        this.lock = lock;
        this.env = env;
        this.mapBytes = mapBytes;
        this.maxMapBytes = maxMapBytes;
    }

    /**
     * Opens or creates the environment in {@code directory}, creating the directory itself (not its parent), as
     * the only process and the only opener in this process (a lock on {@value #LOCK_FILE}, released by the OS if
     * the process dies). Clears reader slots that crashed processes left behind.
     *
     * @throws LogStorageException when the parent is missing, the path is not a directory, another opener holds
     *                             it, or LMDB cannot open it
     */
    static LmdbEnvironment open(Path directory, long mapBytes, long maxMapBytes, int maxDatabases) {
        Path real = createDirectory(directory);
        if (!OPEN.add(real)) {
            throw new LogStorageException("open lmdb environment", real.toString(),
                    new IOException("already open in this process"));
        }
        FileChannel lock = null;
        try {
            lock = lockAlone(real);
            checkMetaPages(real.resolve(DATA_FILE));
            Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(mapBytes).setMaxDbs(maxDatabases)
                    .open(real.toFile());
            try {
                env.readerCheck();
                long opened = Math.max(mapBytes, env.info().mapSize);
                return new LmdbEnvironment(real, lock, env, opened, Math.max(maxMapBytes, opened));
            } catch (LmdbException e) {
                env.close();
                throw e;
            }
        } catch (IOException e) {
            release(real, lock);
            throw new LogStorageException("open lmdb environment", real.resolve(LOCK_FILE).toString(), e);
        } catch (LmdbException e) {
            release(real, lock);
            if (isCorruption(e)) {
                throw new CorruptRemoteMetadataException(real.resolve(DATA_FILE).toString(), "(open)", e.toString());
            }
            throw new LogStorageException("open lmdb environment", real.toString(), new IOException(e.toString(), e));
        } catch (UnsatisfiedLinkError e) {
            release(real, lock);
            throw new LogStorageException("open lmdb environment", real.toString(), new IOException(e.toString(), e));
        } catch (RuntimeException e) {
            release(real, lock);
            throw e;
        }
    }

    private static void checkMetaPages(Path dataFile) {
        try {
            LmdbMetaPages.check(dataFile);
        } catch (IOException e) {
            throw new LogStorageException("read lmdb meta pages", dataFile.toString(), e);
        }
    }

    /** LMDB's answers for a damaged file, as opposed to a busy, full or misused environment. */
    private static boolean isCorruption(LmdbException e) {
        return e instanceof Env.FileInvalidException || e instanceof Env.VersionMismatchException
                || e instanceof LmdbNativeException.PageCorruptedException
                || e instanceof LmdbNativeException.PageNotFoundException || e instanceof LmdbNativeException.PanicException
                || e instanceof Dbi.IncompatibleException || e instanceof Dbi.BadValueSizeException;
    }

    private static FileChannel lockAlone(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            throw new IOException("locked by another process");
        }
        return channel;
    }

    private static void release(Path directory, FileChannel lock) {
        try {
            if (lock != null) {
                lock.close();
            }
        } catch (IOException ignored) {
            // closing only drops the lock; nothing else to undo
        } finally {
            OPEN.remove(directory);
        }
    }

    private static Path createDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                if (Files.exists(directory)) {
                    throw new NotDirectoryException(directory.toString());
                }
                Files.createDirectory(directory);
            }
            return directory.toRealPath();
        } catch (IOException e) {
            throw new LogStorageException("open lmdb environment", directory.toString(), e);
        }
    }

    /**
     * Opens, creating if needed, the named database. Keys order as unsigned bytes, LMDB's own order;
     * {@code MDB_UNSIGNEDKEY} makes lmdbjava's range checks agree (its default compares signed bytes, so
     * a range ending in 0xFF bytes would come back empty).
     */
    Dbi<byte[]> database(String name) {
        try {
            return env.openDbi(name, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY);
        } catch (LmdbException e) {
            throw storageError("open database " + name, e);
        }
    }

    /** Runs {@code body} in a read transaction. */
    <R> R read(Function<Txn<byte[]>, R> body) {
        try (Txn<byte[]> txn = env.txnRead()) {
            return body.apply(txn);
        } catch (LmdbException e) {
            throw storageError("read", e);
        }
    }

    /**
     * Runs {@code body} in a write transaction and commits it: durable when this returns. If the map is full
     * the transaction is rolled back, the map doubled (up to the maximum) and {@code body} run again; an
     * exception from {@code body} rolls back and propagates.
     *
     * @throws RemoteMetadataStoreFullException when the map is at its maximum and still full
     */
    <R> R write(Function<Txn<byte[]>, R> body) {
        while (true) {
            try (Txn<byte[]> txn = env.txnWrite()) {
                R result = body.apply(txn);
                txn.commit();
                return result;
            } catch (Env.MapFullException full) {
                grow();
            } catch (LmdbException e) {
                throw storageError("write", e);
            }
        }
    }

    private void grow() {
        if (mapBytes >= maxMapBytes) {
            throw new RemoteMetadataStoreFullException(directory.toString(), mapBytes, maxMapBytes);
        }
        long next = mapBytes > maxMapBytes / 2 ? maxMapBytes : mapBytes * 2;
        try {
            env.setMapSize(next);
        } catch (LmdbException e) {
            throw storageError("grow map to " + next + " bytes", e);
        }
        mapBytes = next;
    }

    /** The map's current size in bytes. */
    long mapBytes() {
        return mapBytes;
    }

    /** The environment's directory, resolved. */
    Path directory() {
        return directory;
    }

    /** The data file, for error messages. */
    String dataFile() {
        return dataFile;
    }

    private RuntimeException storageError(String operation, LmdbException e) {
        if (isCorruption(e)) {
            return new CorruptRemoteMetadataException(dataFile, "(" + operation + ")", e.toString());
        }
        return new LogStorageException(operation, dataFile, new IOException(e.getMessage(), e));
    }

    @Override
    public void close() {
        try {
            env.close();
        } finally {
            release(directory, lock);
        }
    }
}
