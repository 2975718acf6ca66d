package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The machinery {@link OffsetIndex} and {@link TimeIndex} share, Kafka's {@code AbstractIndex}: a file
 * of fixed-size entries, memory-mapped, preallocated on creation, trimmed on close, resized, unmapped
 * deterministically, searched by binary search.
 *
 * <p>Locking: one {@link ReentrantReadWriteLock}. Readers (lookups, entry reads, checks, flush) hold
 * the read lock while they touch the mapping; every mutation, and every remap or unmap, holds the
 * write lock. So no reader can touch an unmapped buffer (which would crash the JVM), and a reader
 * never sees a half-written entry. {@link #entries()} is volatile and readable without the lock.
 */
abstract class MappedIndex implements AutoCloseable {
    /** Kafka's warm section: lookups near the end first search the last 8 KiB of entries. */
    private static final int WARM_SECTION_BYTES = 8192;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final long baseOffset;
    private final int maxIndexSize;
    private final int entrySize;
    private final boolean writable;
    private volatile Path file;
    private MappedByteBuffer mmap; // guarded by lock; null once closed
    private volatile long length;
    private volatile int maxEntries;
    private volatile int entries;

    MappedIndex(Path file, long baseOffset, int maxIndexSize, boolean writable, int entrySize) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.maxIndexSize = maxIndexSize;
        this.entrySize = entrySize;
        this.writable = writable;
        try {
            boolean created = writable && createIfAbsent(file, maxIndexSize, entrySize);
            long fileLength = created ? roundDown(maxIndexSize) : Files.size(file);
            if (fileLength > Integer.MAX_VALUE) {
                throw new CorruptIndexException(CorruptIndexException.Reason.FILE_TOO_LARGE, file.toString(),
                        "length=" + fileLength);
            }
            map(fileLength);
            this.entries = created ? 0 : (int) (fileLength / entrySize);
        } catch (IOException e) {
            throw new LogStorageException("open index", file.toString(), e);
        }
    }

    private static boolean createIfAbsent(Path file, int maxIndexSize, int entrySize) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        if (maxIndexSize < entrySize) {
            throw new IllegalArgumentException("max index size below one entry: maxIndexSize=" + maxIndexSize
                    + ", entrySize=" + entrySize + ", file=" + file);
        }
        try {
            Files.createFile(file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Maps the file at {@code newLength}, growing or shrinking it first. Caller holds the write lock or constructs. */
    private void map(long newLength) throws IOException {
        Set<StandardOpenOption> options = writable ? EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE)
                : EnumSet.of(StandardOpenOption.READ);
        try (FileChannel channel = FileChannel.open(file, options)) {
            long current = channel.size();
            if (writable && current > newLength) {
                channel.truncate(newLength);
            } else if (writable && current < newLength) {
                extend(channel, newLength);
            }
            mmap = channel.map(writable ? MapMode.READ_WRITE : MapMode.READ_ONLY, 0, newLength);
        }
        length = newLength;
        maxEntries = (int) (newLength / entrySize);
    }

    /** Grows the file to {@code newLength} (zeros), as {@code RandomAccessFile.setLength} does: one byte written at the end. */
    private static void extend(FileChannel channel, long newLength) throws IOException {
        ByteBuffer lastByte = ByteBuffer.allocate(1);
        while (lastByte.hasRemaining()) {
            channel.write(lastByte, newLength - 1);
        }
    }

    private void unmap() {
        MappedByteBuffer old = mmap;
        mmap = null;
        if (old != null) {
            BufferUnmapper.unmap(old);
        }
    }

    private int roundDown(int size) {
        return size / entrySize * entrySize;
    }

    // ---- locking helpers for subclasses: begin*() returns the mapping, end*() must follow in finally.

    final ByteBuffer beginRead() {
        lock.readLock().lock();
        if (mmap == null) {
            lock.readLock().unlock();
            throw new IllegalStateException("index is closed: file=" + file);
        }
        return mmap;
    }

    final void endRead() {
        lock.readLock().unlock();
    }

    final ByteBuffer beginWrite() {
        if (!writable) {
            throw new IllegalStateException("index is read-only: file=" + file);
        }
        lock.writeLock().lock();
        if (mmap == null) {
            lock.writeLock().unlock();
            throw new IllegalStateException("index is closed: file=" + file);
        }
        return mmap;
    }

    final void endWrite() {
        lock.writeLock().unlock();
    }

    /** Caller holds the write lock and has written slot {@code entries}. */
    final void entryAppended() {
        entries++;
    }

    // ---- entry format, supplied by subclasses

    /** The absolute offset stored in {@code slot}. */
    abstract long offsetAt(ByteBuffer index, int slot);

    /** The key lookups search by in {@code slot}: the offset, or the timestamp. */
    abstract long keyAt(ByteBuffer index, int slot);

    /** Caller holds the write lock: refresh anything cached about the last entry. */
    abstract void entriesChanged(ByteBuffer index);

    /** Caller holds the read lock: Kafka's per-format checks on a non-empty index. */
    abstract void checkEntries(ByteBuffer index, int entries);

    /**
     * The number of leading entries whose search value ({@link #keyAt} or, with {@code byOffset},
     * {@link #offsetAt}) is at or below {@code target} ({@code inclusive}) or below it. The values
     * must be non-decreasing. Kafka's warm-section order: the last 8 KiB of entries is tried first, so
     * lookups near the end touch the same few pages and stay in the page cache.
     */
    final int countUpTo(ByteBuffer index, long target, boolean byOffset, boolean inclusive) {
        int n = entries;
        if (n == 0) {
            return 0;
        }
        int firstHot = Math.max(0, n - 1 - WARM_SECTION_BYTES / entrySize);
        int low = 0;
        int high = n;
        if (precedes(index, firstHot, target, byOffset, inclusive)) {
            low = firstHot + 1;
        } else {
            high = firstHot;
        }
        while (low < high) { // slots below low precede target, slots from high on do not
            int mid = (low + high) >>> 1;
            if (precedes(index, mid, target, byOffset, inclusive)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private boolean precedes(ByteBuffer index, int slot, long target, boolean byOffset, boolean inclusive) {
        long value = byOffset ? offsetAt(index, slot) : keyAt(index, slot);
        return inclusive ? value <= target : value < target;
    }

    /** The relative form of {@code offset}, or an {@link IndexAppendException} when it does not fit. */
    final int relativeOffsetForAppend(long offset) {
        if (!canAppendOffset(offset)) {
            throw new IndexAppendException(IndexAppendException.Reason.OFFSET_OUT_OF_RANGE, file.toString(), offset,
                    "baseOffset=" + baseOffset);
        }
        return (int) (offset - baseOffset);
    }

    // ---- public surface shared by both indexes (OffsetIndex and TimeIndex document it)

    /** True when {@code offset - baseOffset} fits a relative offset: 0 to {@code Integer.MAX_VALUE}. */
    public boolean canAppendOffset(long offset) {
        long relative = offset - baseOffset;
        return offset >= baseOffset && relative <= Integer.MAX_VALUE;
    }

    /** The index file (changes with {@link #renameTo}). */
    public Path file() {
        return file;
    }

    /** The segment's base offset: relative offsets count from it. */
    public long baseOffset() {
        return baseOffset;
    }

    /** The preallocation size asked for at open (Kafka's {@code segment.index.bytes}). */
    public int maxIndexSize() {
        return maxIndexSize;
    }

    /** Number of valid entries. */
    public int entries() {
        return entries;
    }

    /** Entries the current file length holds. */
    public int maxEntries() {
        return maxEntries;
    }

    /** Current file length in bytes: preallocated while active, trimmed after close. */
    public long length() {
        return length;
    }

    /** Bytes of valid entries: {@code entries() * entry size}. */
    public int sizeInBytes() {
        return entries * entrySize;
    }

    /** True when no slot is left for {@code append}. */
    public boolean isFull() {
        return entries >= maxEntries;
    }

    /**
     * Kafka's checks, run before trusting an index found on disk: the length is a whole number of
     * entries, and the format's own checks on the first and last entries pass. Passing does not prove
     * the entries in between are right (Kafka does not check them either).
     *
     * @throws CorruptIndexException naming the first failed check
     */
    public void sanityCheck() {
        ByteBuffer index = beginRead();
        try {
            int n = entries;
            if (n != 0) {
                checkEntries(index, n);
            }
            if (length % entrySize != 0) {
                throw new CorruptIndexException(CorruptIndexException.Reason.LENGTH_NOT_MULTIPLE_OF_ENTRY_SIZE,
                        file.toString(), "length=" + length + ", entrySize=" + entrySize);
            }
        } finally {
            endRead();
        }
    }

    /**
     * Removes every entry whose offset is {@code >= offset}; a larger offset than any entry's changes
     * nothing. (Kafka's time index may keep one of several entries that share the target offset, as its
     * binary search stops at any equal entry; this removes them all.)
     */
    public void truncateTo(long offset) {
        ByteBuffer index = beginWrite();
        try {
            entries = countUpTo(index, offset, true, false);
            entriesChanged(index);
        } finally {
            endWrite();
        }
    }

    /** Keeps the first {@code count} entries (no-op when there are not more): rolls back entries a failed write added. */
    public void truncateToEntries(int count) {
        ByteBuffer index = beginWrite();
        try {
            if (count >= 0 && count < entries) {
                entries = count;
                entriesChanged(index);
            }
        } finally {
            endWrite();
        }
    }

    /** Removes every entry. The file keeps its length. */
    public void truncate() {
        ByteBuffer index = beginWrite();
        try {
            entries = 0;
            entriesChanged(index);
        } finally {
            endWrite();
        }
    }

    /**
     * Sets the file length to {@code newSize} rounded down to whole entries and remaps it: Kafka
     * re-extends the active segment's trimmed indexes to {@code segment.index.bytes} after loading.
     * Entries are kept. The old mapping is unmapped first, on every platform.
     *
     * @return false when the length was already that
     * @throws IllegalArgumentException when the new size cannot hold the current entries
     * @throws LogStorageException on an I/O error; the index then keeps its entries at a length that holds
     *     them (its old one when the storage allows), or is closed when it cannot be mapped again
     */
    public boolean resize(int newSize) {
        ByteBuffer ignored = beginWrite();
        try {
            int rounded = roundDown(newSize);
            if (rounded < entries * entrySize) {
                throw new IllegalArgumentException("resize below the valid entries: newSize=" + newSize
                        + ", entries=" + entries + ", file=" + file);
            }
            if (rounded == length) {
                return false;
            }
            long oldLength = length;
            unmap();
            try {
                map(rounded);
            } catch (IOException e) {
                remapAfterFailedResize(oldLength, e);
                throw new LogStorageException("resize index", file.toString(), e);
            }
            return true;
        } finally {
            endWrite();
        }
    }

    /**
     * Best effort after a failed resize: maps the file again at its old length (or at least its valid
     * entries), so reads of the entries keep working; failures are added to {@code failure}.
     */
    private void remapAfterFailedResize(long oldLength, IOException failure) {
        try {
            map(oldLength);
        } catch (IOException e) {
            failure.addSuppressed(e);
            try {
                map((long) entries * entrySize);
            } catch (IOException again) {
                failure.addSuppressed(again);
            }
        }
    }

    /** Shrinks the file to exactly the valid entries, so that a later open counts the right number. */
    public void trimToValidSize() {
        resize(entries * entrySize);
    }

    /** Forces written entries to the storage device (a no-op for a read-only index). */
    public void flush() {
        ByteBuffer ignored = beginRead();
        try {
            if (writable) {
                mmap.force();
            }
        } catch (UncheckedIOException e) {
            throw new LogStorageException("flush index", file.toString(), e.getCause());
        } finally {
            endRead();
        }
    }

    /** Renames the file (e.g. to add a {@code .deleted} suffix); the mapping stays valid. */
    public void renameTo(Path target) {
        lock.writeLock().lock();
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            file = target;
        } catch (IOException e) {
            throw new LogStorageException("rename index to " + target, file.toString(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Unmaps and deletes the file; the index is closed afterwards. @return false if there was no file */
    public boolean deleteIfExists() {
        lock.writeLock().lock();
        try {
            unmap();
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LogStorageException("delete index", file.toString(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Unmaps the file without trimming it, leaving it as a killed process would (preallocated, its
     * zero tail counted as entries by the next open). For crash tests; {@link #close()} otherwise.
     */
    public void release() {
        lock.writeLock().lock();
        try {
            unmap();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Trims a writable index to its valid size, then unmaps it. Idempotent. (Kafka up to 4.1 trimmed
     * here too; Kafka 4.4's {@code close()} only unmaps and leaves trimming to the segment's roll and
     * close. Trimming here as well costs nothing and means no caller can forget it.) Any use afterwards throws
     * {@link IllegalStateException}. Closing does not flush: call {@link #flush()} first when the
     * entries must survive a machine crash.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (mmap != null && writable) {
                trimToValidSize();
            }
        } finally {
            unmap();
            lock.writeLock().unlock();
        }
    }
}
