package dev.varve.lmdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * The aggregate witness of a store's tables, kept in its own database ({@value #DATABASE}) under one key: per
 * table, the count of entries and the sum (mod 2<sup>64</sup>) of a 64-bit hash of each entry's key and value
 * (CRC-32C and CRC-32 of the key's length, key and value). Every put and delete of a witnessed table goes
 * through {@link #put} and {@link #delete}, in the same write transaction, so the witness commits with the
 * change or not at all. LMDB keeps no page checksums: a damaged branch or leaf page can drop an entry from a
 * scan or show another one, which no per-value checksum sees; {@link #verify} scans every table and compares.
 * A store written before the witness has none: {@link #verifyOrCreate} computes it from what the tables hold
 * and writes it (so a witness lost to damage is indistinguishable from an old store, and is rebuilt).
 * Not thread-safe: used under the store's lock.
 */
final class StoreWitness {
    /** The witness's own database. */
    static final String DATABASE = "witness";
    static final byte[] KEY = "aggregate".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;

    private final Dbi<byte[]> witness;
    private final List<Dbi<byte[]>> tables;
    private final List<String> names;
    private final String dataFile;

    StoreWitness(Dbi<byte[]> witness, List<Dbi<byte[]>> tables, List<String> names, String dataFile) {
        this.witness = witness;
        this.tables = List.copyOf(tables);
        this.names = List.copyOf(names);
        this.dataFile = dataFile;
    }

    /** Puts {@code value} under {@code key} in {@code table} and updates the witness. */
    void put(Txn<byte[]> txn, Dbi<byte[]> table, byte[] key, byte[] value) {
        long[] tally = stored(txn);
        int index = index(table);
        byte[] old = table.get(txn, key);
        if (old != null) {
            tally[2 * index]--;
            tally[2 * index + 1] -= hash(key, old);
        }
        table.put(txn, key, value);
        tally[2 * index]++;
        tally[2 * index + 1] += hash(key, value);
        witness.put(txn, KEY, encode(tally));
    }

    /** Deletes {@code key} from {@code table}, if present, and updates the witness. */
    void delete(Txn<byte[]> txn, Dbi<byte[]> table, byte[] key) {
        byte[] old = table.get(txn, key);
        if (old == null) {
            return;
        }
        long[] tally = stored(txn);
        int index = index(table);
        table.delete(txn, key);
        tally[2 * index]--;
        tally[2 * index + 1] -= hash(key, old);
        witness.put(txn, KEY, encode(tally));
    }

    /**
     * Scans every table and compares with the stored witness.
     *
     * @throws CorruptRemoteMetadataException naming the data file, the table and both tallies on a mismatch,
     *                                        or when the witness is missing or malformed
     */
    void verify(Txn<byte[]> txn) {
        byte[] stored = witness.get(txn, KEY);
        if (stored == null) {
            throw corrupt("the witness of the store's tables is missing");
        }
        compare(decode(stored), scanned(txn));
    }

    /** {@link #verify}, or, for a store written before the witness (none stored), computes and writes it. */
    void verifyOrCreate(Txn<byte[]> txn) {
        byte[] stored = witness.get(txn, KEY);
        if (stored == null) {
            witness.put(txn, KEY, encode(scanned(txn)));
        } else {
            compare(decode(stored), scanned(txn));
        }
    }

    private void compare(long[] stored, long[] scanned) {
        for (int i = 0; i < tables.size(); i++) {
            if (stored[2 * i] != scanned[2 * i] || stored[2 * i + 1] != scanned[2 * i + 1]) {
                throw corrupt("the " + names.get(i) + " table disagrees with its witness: witness count="
                        + stored[2 * i] + ", hash=" + Long.toHexString(stored[2 * i + 1]) + "; scanned count="
                        + scanned[2 * i] + ", hash=" + Long.toHexString(scanned[2 * i + 1]));
            }
        }
    }

    private long[] scanned(Txn<byte[]> txn) {
        long[] tally = new long[2 * tables.size()];
        for (int i = 0; i < tables.size(); i++) {
            try (CursorIterable<byte[]> cursor = tables.get(i).iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> entry : cursor) {
                    tally[2 * i]++;
                    tally[2 * i + 1] += hash(entry.key(), entry.val());
                }
            }
        }
        return tally;
    }

    private long[] stored(Txn<byte[]> txn) {
        byte[] stored = witness.get(txn, KEY);
        return stored == null ? new long[2 * tables.size()] : decode(stored);
    }

    private int index(Dbi<byte[]> table) {
        int index = tables.indexOf(table);
        if (index < 0) {
            throw new IllegalArgumentException("not a witnessed table: " + table);
        }
        return index;
    }

    /** The 64-bit hash of one entry: CRC-32C in the high half, CRC-32 in the low, over key length, key, value. */
    static long hash(byte[] key, byte[] value) {
        byte[] length = ByteBuffer.allocate(Integer.BYTES).putInt(key.length).array();
        CRC32C high = new CRC32C();
        CRC32 low = new CRC32();
        for (byte[] part : new byte[][] {length, key, value}) {
            high.update(part);
            low.update(part);
        }
        return high.getValue() << 32 | low.getValue();
    }

    private byte[] encode(long[] tally) {
        ByteBuffer bytes = ByteBuffer.allocate(1 + Long.BYTES * tally.length).put(VERSION);
        for (long field : tally) {
            bytes.putLong(field);
        }
        return bytes.array();
    }

    private long[] decode(byte[] stored) {
        if (stored.length != 1 + Long.BYTES * 2 * tables.size() || stored[0] != VERSION) {
            throw corrupt("the witness of the store's tables is malformed: version=" + (stored.length > 0 ? stored[0] : -1)
                    + ", length=" + stored.length);
        }
        ByteBuffer bytes = ByteBuffer.wrap(stored, 1, stored.length - 1);
        long[] tally = new long[2 * tables.size()];
        for (int i = 0; i < tally.length; i++) {
            tally[i] = bytes.getLong();
        }
        return tally;
    }

    private CorruptRemoteMetadataException corrupt(String detail) {
        return new CorruptRemoteMetadataException(dataFile, new String(KEY, StandardCharsets.US_ASCII) + " (" + DATABASE
                + " database)", detail);
    }
}
