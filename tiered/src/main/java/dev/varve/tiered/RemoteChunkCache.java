package dev.varve.tiered;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bounded in-memory cache of remote bytes ({@code remote.log.reader.cache.bytes}): fixed-size chunks
 * of segment objects and whole index objects, evicted least recently used first once their bytes pass the
 * bound. An entry larger than the whole bound is served but not kept. Entries are immutable copies of
 * checked bytes, never handed out for writing. Thread-safe; a miss loads outside the lock, so two readers
 * may fetch the same chunk once each.
 */
final class RemoteChunkCache {
    /** A chunk of an object ({@code chunk >= 0}) or the whole object ({@link #WHOLE}). */
    record Key(String objectKey, long chunk) {
        static final long WHOLE = -1;
    }

    private final long capacityBytes;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long sizeBytes;
    private long hits;
    private long misses;

    RemoteChunkCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** The cached bytes of {@code key}, loading (and keeping, if they fit) them on a miss. */
    byte[] get(Key key, Supplier<byte[]> loader) {
        synchronized (this) {
            byte[] cached = entries.get(key);
            if (cached != null) {
                hits++;
                return cached;
            }
            misses++;
        }
        byte[] loaded = loader.get();
        synchronized (this) {
            if (loaded.length <= capacityBytes && !entries.containsKey(key)) {
                entries.put(key, loaded);
                sizeBytes += loaded.length;
                evict();
            }
        }
        return loaded;
    }

    /** Forgets every entry of {@code objectKey} (a deleted segment's). */
    synchronized void invalidate(String objectKey) {
        for (Iterator<Map.Entry<Key, byte[]>> it = entries.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, byte[]> entry = it.next();
            if (entry.getKey().objectKey().equals(objectKey)) {
                sizeBytes -= entry.getValue().length;
                it.remove();
            }
        }
    }

    private void evict() {
        for (Iterator<byte[]> it = entries.values().iterator(); sizeBytes > capacityBytes && it.hasNext();) {
            sizeBytes -= it.next().length;
            it.remove();
        }
    }

    synchronized long sizeBytes() {
        return sizeBytes;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
