package dev.varve.tiered;

/**
 * A snapshot of the remote read cache ({@code remote.log.reader.cache.bytes}): lookups served from memory
 * ({@code hits}), lookups that fetched from the store with a ranged GET ({@code misses}), and the bytes
 * held now. Counts start at zero when {@link TieredStorage} opens and only grow; the cache lives in memory,
 * so nothing survives a restart.
 */
public record ReaderCacheStats(long hits, long misses, long sizeBytes) {
    /** The share of lookups served from memory, 0 when there were none. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
