package dev.varve.compaction;

import java.nio.ByteBuffer;

/**
 * Key hash to the latest offset seen for it: Kafka's {@code SkimpyOffsetMap}. An open-addressing hash
 * table over one fixed buffer sized from a memory budget; each slot holds the key's 16-byte MD5
 * digest ({@link KeyDigest} says why MD5) and an 8-byte offset, 24 bytes a slot. At most
 * {@code slots * 0.9} keys go in (Kafka's {@code log.cleaner.io.buffer.load.factor}), so probe
 * sequences stay short: 128 MiB holds 5,592,405 slots, 5,033,164 keys.
 *
 * <p>Contract: {@link #put} records an offset for a key and returns false, changing nothing, when the
 * key is new and the map is at capacity: the caller then stops, and cleans only up to
 * {@link #latestOffset()}. Offsets put for one key must not decrease (the dirty section is read in
 * offset order). No deletes. Two keys with the same digest share a slot: a collision would keep only
 * the later key's record, with probability around 2^-128 per pair. Nothing is allocated per key.
 *
 * <p>Probing: double hashing over the digest's two halves for the first {@value #DOUBLE_HASH_PROBES}
 * attempts, then linear, so a lookup always ends (the table is never full). A slot whose 16 digest
 * bytes are zero reads as empty, as in Kafka.
 *
 * <p>Not thread-safe: one cleaner thread owns one map. Lives in memory only; nothing to recover.
 */
public final class OffsetMap {
    /** Kafka's {@code log.cleaner.dedupe.buffer.size} default: 128 MiB. */
    public static final long DEFAULT_DEDUPE_BUFFER_BYTES = 128L << 20;
    /** Kafka's {@code log.cleaner.io.buffer.load.factor}. */
    public static final double LOAD_FACTOR = 0.9;
    /** Bytes per slot: a 16-byte digest and an 8-byte offset. */
    public static final int BYTES_PER_ENTRY = KeyDigest.SIZE + Long.BYTES;
    /** Kafka's per-thread cap on the dedupe buffer. */
    public static final int MAX_BYTES_PER_THREAD = Integer.MAX_VALUE;

    private static final int DOUBLE_HASH_PROBES = 16;
    private static final long NONE = -1L;

    private final ByteBuffer slots;
    private final int slotCount;
    private final int maxEntries;
    private final KeyDigest digest = new KeyDigest();
    private int size;
    private long latestOffset = NONE;
    private long lookups;
    private long probes;

    /**
     * A map in {@code memoryBytes} of heap.
     *
     * @throws IllegalArgumentException when the budget holds fewer than 2 slots
     */
    public OffsetMap(int memoryBytes) {
        int count = memoryBytes / BYTES_PER_ENTRY;
        if (count < 2) {
            throw new IllegalArgumentException("memoryBytes=" + memoryBytes + " holds fewer than 2 slots of " + BYTES_PER_ENTRY + " bytes");
        }
        this.slotCount = count;
        this.maxEntries = Math.max(1, (int) (count * LOAD_FACTOR));
        this.slots = ByteBuffer.allocate(count * BYTES_PER_ENTRY);
    }

    /**
     * The map of one of {@code cleanerThreads} threads sharing {@code dedupeBufferBytes}
     * ({@code log.cleaner.dedupe.buffer.size}), capped at {@value #MAX_BYTES_PER_THREAD} bytes a thread
     * as Kafka caps it.
     */
    public static OffsetMap forBudget(long dedupeBufferBytes, int cleanerThreads) {
        if (cleanerThreads < 1) {
            throw new IllegalArgumentException("cleanerThreads must be positive: " + cleanerThreads);
        }
        return new OffsetMap((int) Math.min(dedupeBufferBytes / cleanerThreads, MAX_BYTES_PER_THREAD));
    }

    /**
     * Records {@code offset} as the latest for the key in {@code length} bytes of {@code buffer} at
     * index {@code keyOffset} (position and limit untouched), and makes it the {@link #latestOffset()}.
     *
     * @return false, changing nothing, when the key is new and the map holds {@link #maxEntries()} keys
     */
    public boolean put(ByteBuffer buffer, int keyOffset, int length, long offset) {
        digest.digest(buffer, keyOffset, length);
        int slot = find(digest.high(), digest.low());
        int at = slot * BYTES_PER_ENTRY;
        if (isEmpty(at)) {
            if (size >= maxEntries) {
                return false;
            }
            slots.putLong(at, digest.high());
            slots.putLong(at + 8, digest.low());
            size++;
        }
        slots.putLong(at + KeyDigest.SIZE, offset);
        latestOffset = offset;
        return true;
    }

    /** The latest offset put for the key, or -1 when it was never put (nor a key sharing its digest). */
    public long get(ByteBuffer buffer, int keyOffset, int length) {
        digest.digest(buffer, keyOffset, length);
        int at = find(digest.high(), digest.low()) * BYTES_PER_ENTRY;
        return isEmpty(at) ? NONE : slots.getLong(at + KeyDigest.SIZE);
    }

    /** The slot holding this digest, or the empty slot where it would go. */
    private int find(long high, long low) {
        lookups++;
        long step = low | 1;
        int slot = 0;
        for (int attempt = 0; ; attempt++) {
            probes++;
            slot = attempt < DOUBLE_HASH_PROBES
                    ? (int) Math.floorMod(high + attempt * step, (long) slotCount)
                    : (slot + 1) % slotCount;
            int at = slot * BYTES_PER_ENTRY;
            if (isEmpty(at) || slots.getLong(at) == high && slots.getLong(at + 8) == low) {
                return slot;
            }
        }
    }

    private boolean isEmpty(int at) {
        return slots.getLong(at) == 0 && slots.getLong(at + 8) == 0;
    }

    /**
     * Raises {@link #latestOffset()} to {@code offset}: the caller read every record up to it (a
     * batch without keys, a control batch, the end of a segment).
     */
    public void advanceLatestOffset(long offset) {
        latestOffset = Math.max(latestOffset, offset);
    }

    /** The offset up to which the map covers the log (-1 when nothing was read): records above it are not covered. */
    public long latestOffset() {
        return latestOffset;
    }

    /** Distinct keys held. */
    public int size() {
        return size;
    }

    /** Slots in the buffer. */
    public int slots() {
        return slotCount;
    }

    /** Keys the map takes before {@link #put} refuses new ones: {@code slots * 0.9}. */
    public int maxEntries() {
        return maxEntries;
    }

    /** True when no new key fits. */
    public boolean isFull() {
        return size >= maxEntries;
    }

    /** Fraction of slots used. */
    public double utilization() {
        return (double) size / slotCount;
    }

    /** Mean slots inspected per lookup since the last {@link #clear()}: 1.0 is a perfect table. */
    public double meanProbes() {
        return lookups == 0 ? 0 : (double) probes / lookups;
    }

    /** Empties the map for the next cleaning pass, keeping its buffer. */
    public void clear() {
        for (int i = 0; i < slots.capacity(); i += Long.BYTES) {
            slots.putLong(i, 0);
        }
        size = 0;
        latestOffset = NONE;
        lookups = 0;
        probes = 0;
    }
}
