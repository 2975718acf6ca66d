package dev.varve.replication.sim;

import java.util.Arrays;

/**
 * The checker's copy of one replica's log, offset by offset: the id of the record there, the leader epoch
 * of its batch, and a hash of the whole prefix up to it, so two logs are compared below any offset in
 * constant time. Kept by {@link RecordedLog} from what the log accepted; never read by the protocol.
 * Counts truncations, so the checker knows when records it already compared may have changed.
 */
final class LogMirror {
    private long[] ids = new long[64];
    private int[] epochs = new int[64];
    private long[] prefixHashes = new long[65];
    private int size;
    private long truncations;

    int size() {
        return size;
    }

    long id(long offset) {
        return ids[(int) offset];
    }

    int epoch(long offset) {
        return epochs[(int) offset];
    }

    long truncations() {
        return truncations;
    }

    /** The hash of the records at offsets [0, end): equal hashes mean equal prefixes (ids and epochs). */
    long prefixHash(long end) {
        return prefixHashes[(int) end];
    }

    /** Records that {@code offset} (which must be the next one) holds record {@code id} in epoch {@code epoch}. */
    void append(long offset, long id, int epoch) {
        if (offset != size) {
            throw new IllegalStateException("mirror out of step: offset=" + offset + ", size=" + size);
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            epochs = Arrays.copyOf(epochs, size * 2);
            prefixHashes = Arrays.copyOf(prefixHashes, size * 2 + 1);
        }
        ids[size] = id;
        epochs[size] = epoch;
        long hash = (prefixHashes[size] ^ id) * 0x9E3779B97F4A7C15L + epoch;
        prefixHashes[size + 1] = hash ^ (hash >>> 29);
        size++;
    }

    /** Drops offsets at and above {@code end}. */
    void truncate(long end) {
        if (end < size) {
            size = (int) end;
            truncations++;
        }
    }

    /** The last epoch stored, or -1 when empty. */
    int lastEpoch() {
        return size == 0 ? -1 : epochs[size - 1];
    }
}
