package dev.varve.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A walk, with plain file reads and before LMDB maps the file, of every B-tree page LMDB can reach from the meta
 * page it will use: the free-page tree, the main tree and, through the main tree's {@code F_SUBDATA} nodes, the
 * named databases' trees, with their overflow pages. LMDB keeps no page checksums and follows a damaged page
 * number or node offset into memory it does not own (the JVM dies with {@code SIGSEGV} or {@code SIGBUS}), so
 * every field it follows is checked first; a damaged one is a {@link CorruptRemoteMetadataException} naming the
 * file, the page and what is wrong. Layout (LMDB 0.9 {@code mdb.c}, 64-bit, native byte order):
 *
 * <pre>
 * MDB_page  0 pgno u64, 8 pad u16, 10 flags u16, 12 lower u16 | 14 upper u16 (overflow: 12 page count u32),
 *           16 node offsets u16[(lower - 16) / 2]
 * MDB_node  0 lo u16, 2 hi u16 (leaf: data size; branch: child page bits 0-31), 4 flags u16 (branch: child page
 *           bits 32-47), 6 key size u16, 8 key, then the data (F_BIGDATA: the overflow page u64; F_SUBDATA: MDB_db)
 * MDB_db    0 pad u32, 4 flags u16, 6 depth u16, 8 branch pages, 16 leaf pages, 24 overflow pages, 32 entries,
 *           40 root (u64 each)
 * </pre>
 *
 * The store uses no duplicate-sorted databases, so {@code P_LEAF2}, {@code P_SUBP} and {@code F_DUPDATA} are
 * refused as damage. The walk checks each page's number, flags, bounds, node offsets and sizes, child and
 * overflow page numbers, a depth of at most LMDB's cursor stack, that no page is reached twice, and that each
 * tree's {@code MDB_db} record (depth, page counts, entries) matches what was found. What it cannot see: a changed
 * key or value byte (the witness and the values' checksums catch those). One walk per instance; not thread-safe.
 */
final class LmdbPageWalk {
    static final int HEADER = 16;
    static final int NODE = 8;
    static final int DB_SIZE = 48;
    static final int P_BRANCH = 0x01;
    static final int P_LEAF = 0x02;
    static final int P_OVERFLOW = 0x04;
    static final int F_BIGDATA = 0x01;
    static final int F_SUBDATA = 0x02;
    private static final int DB_FLAGS = 4;
    private static final int DB_DEPTH = 6;
    private static final int DB_BRANCH_PAGES = 8;
    private static final int DB_LEAF_PAGES = 16;
    private static final int DB_OVERFLOW_PAGES = 24;
    private static final int DB_ENTRIES = 32;
    static final int DB_ROOT = 40;
    /** LMDB's persistent database flags (MDB_REVERSEKEY ... MDB_REVERSEDUP); MDB_INTEGERKEY is 0x08. */
    private static final int PERSISTENT_FLAGS = 0x7E;
    private static final int INTEGER_KEY = 0x08;
    /** LMDB's CURSOR_STACK: no tree may be deeper. */
    private static final int MAX_DEPTH = 32;
    private static final long P_INVALID = -1L;

    private final Path dataFile;
    private final FileChannel channel;
    private final int pageSize;
    private final long lastPage;
    private final BitSet seen = new BitSet();
    private final BitSet free = new BitSet();

    private LmdbPageWalk(Path dataFile, FileChannel channel, int pageSize, long lastPage) {
        this.dataFile = dataFile;
        this.channel = channel;
        this.pageSize = pageSize;
        this.lastPage = lastPage;
    }

    /** Walks the trees of {@code meta} (the meta page LMDB will use), whose free and main records are at the offsets. */
    static void walk(Path dataFile, FileChannel channel, int pageSize, ByteBuffer meta, int freeDb, int mainDb)
            throws IOException {
        LmdbPageWalk walk = new LmdbPageWalk(dataFile, channel, pageSize, meta.getLong(LmdbMetaPages.LAST_PAGE_OFFSET));
        walk.tree("free db", meta, freeDb, INTEGER_KEY, false);
        for (ByteBuffer named : walk.tree("main db", meta, mainDb, 0, true)) {
            walk.tree("named db", named, 0, 0, false);
        }
        BitSet both = (BitSet) walk.free.clone();
        both.and(walk.seen);
        if (!both.isEmpty()) {
            throw walk.corrupt("page " + both.nextSetBit(0), "both free and in use");
        }
    }

    /** Walks one tree and checks its record; returns the MDB_db records of the named databases it holds. */
    private List<ByteBuffer> tree(String name, ByteBuffer db, int at, int flags, boolean main) throws IOException {
        if ((db.getShort(at + DB_FLAGS) & PERSISTENT_FLAGS) != flags) {
            throw corrupt("the " + name + " record", "flags 0x" + Integer.toHexString(db.getShort(at + DB_FLAGS) & 0xFFFF));
        }
        Tree tree = new Tree(main, flags == INTEGER_KEY);
        long root = db.getLong(at + DB_ROOT);
        if (root != P_INVALID) {
            page(tree, root, 1);
        }
        long[][] recorded = {
                {db.getShort(at + DB_DEPTH) & 0xFFFF, tree.depth},
                {db.getLong(at + DB_BRANCH_PAGES), tree.branchPages},
                {db.getLong(at + DB_LEAF_PAGES), tree.leafPages},
                {db.getLong(at + DB_OVERFLOW_PAGES), tree.overflowPages},
                {db.getLong(at + DB_ENTRIES), tree.entries}};
        String[] fields = {"depth", "branch pages", "leaf pages", "overflow pages", "entries"};
        for (int i = 0; i < fields.length; i++) {
            if (recorded[i][0] != recorded[i][1]) {
                throw corrupt("the " + name + " record (root " + root + ")",
                        fields[i] + " " + recorded[i][0] + " but its tree holds " + recorded[i][1]);
            }
        }
        return tree.named;
    }

    private void page(Tree tree, long pgno, int level) throws IOException {
        if (level > MAX_DEPTH) {
            throw corrupt("page " + pgno, "the tree is deeper than " + MAX_DEPTH);
        }
        ByteBuffer page = claim(pgno);
        int flags = page.getShort(10) & 0xFFFF;
        if (flags != P_BRANCH && flags != P_LEAF) {
            throw corrupt("page " + pgno, "flags 0x" + Integer.toHexString(flags) + " are neither a branch nor a leaf");
        }
        int lower = page.getShort(12) & 0xFFFF;
        int upper = page.getShort(14) & 0xFFFF;
        if (lower < HEADER || (lower & 1) != 0 || lower > upper || upper > pageSize) {
            throw corrupt("page " + pgno, "lower " + lower + " and upper " + upper + " do not bound its free space");
        }
        int nodes = (lower - HEADER) / 2;
        if (flags == P_BRANCH) {
            if (nodes == 0) {
                throw corrupt("page " + pgno, "a branch page without nodes");
            }
            tree.branchPages++;
        } else {
            if (tree.depth != 0 && tree.depth != level) {
                throw corrupt("page " + pgno, "a leaf at depth " + level + " where the other leaves are at " + tree.depth);
            }
            tree.depth = level;
            tree.leafPages++;
        }
        for (int i = 0; i < nodes; i++) {
            int node = page.getShort(HEADER + 2 * i) & 0xFFFF;
            String where = "page " + pgno + " node " + i;
            if (node < upper || (node & 1) != 0 || node + NODE > pageSize) {
                throw corrupt(where, "offset " + node + " is not an even offset in [" + upper + ", " + pageSize + ")");
            }
            int keySize = page.getShort(node + 6) & 0xFFFF;
            int data = node + NODE + keySize;
            if (data > pageSize) {
                throw corrupt(where, "key size " + keySize + " runs past the page");
            }
            long lo = page.getShort(node) & 0xFFFFL;
            long hi = page.getShort(node + 2) & 0xFFFFL;
            int nodeFlags = page.getShort(node + 4) & 0xFFFF;
            if (flags == P_BRANCH) {
                page(tree, lo | hi << 16 | (long) nodeFlags << 32, level + 1);
            } else {
                leaf(tree, page, where, data, lo | hi << 16, nodeFlags);
            }
        }
    }

    private void leaf(Tree tree, ByteBuffer page, String where, int data, long dataSize, int nodeFlags) throws IOException {
        tree.entries++;
        if (nodeFlags == F_BIGDATA) {
            if (data + Long.BYTES > pageSize) {
                throw corrupt(where, "its overflow page number runs past the page");
            }
            long first = page.getLong(data);
            ByteBuffer overflow = claim(first);
            long count = overflow.getInt(12) & 0xFFFFFFFFL;
            if ((overflow.getShort(10) & 0xFFFF) != P_OVERFLOW || count < 1 || count > lastPage - first + 1
                    || dataSize > count * pageSize - HEADER) {
                throw corrupt("page " + first, "not an overflow run of " + dataSize + " bytes: flags 0x"
                        + Integer.toHexString(overflow.getShort(10) & 0xFFFF) + ", " + count + " pages");
            }
            for (long next = first + 1; next < first + count; next++) {
                mark(next);
            }
            tree.overflowPages += count;
            if (tree.free) {
                freePages(where, read(first, (int) dataSize + HEADER).position(HEADER).slice().order(ByteOrder.nativeOrder()));
            }
        } else if (nodeFlags == 0 || nodeFlags == F_SUBDATA && tree.main) {
            if (data + dataSize > pageSize || nodeFlags == F_SUBDATA && dataSize != DB_SIZE) {
                throw corrupt(where, "data size " + dataSize + " does not fit the page");
            }
            if (nodeFlags == F_SUBDATA) {
                tree.named.add(page.slice(data, DB_SIZE).order(ByteOrder.nativeOrder()));
            }
            if (tree.free) {
                freePages(where, page.slice(data, (int) dataSize).order(ByteOrder.nativeOrder()));
            }
        } else {
            throw corrupt(where, "node flags 0x" + Integer.toHexString(nodeFlags));
        }
    }

    /** A free-list value: a count, then that many page numbers, descending (LMDB's IDL); LMDB reuses them. */
    private void freePages(String where, ByteBuffer idl) {
        long count = idl.capacity() >= Long.BYTES ? idl.getLong(0) : -1;
        if (count < 0 || idl.capacity() % Long.BYTES != 0 || count != idl.capacity() / Long.BYTES - 1) {
            throw corrupt(where, "a free list of " + count + " pages in " + idl.capacity() + " bytes");
        }
        long previous = lastPage + 1;
        for (int i = 1; i <= count; i++) {
            long pgno = idl.getLong(i * Long.BYTES);
            if (pgno < 2 || pgno >= previous) {
                throw corrupt(where, "free page " + pgno + " is not below " + previous + " and above the meta pages");
            }
            free.set((int) pgno);
            previous = pgno;
        }
    }

    /** Reads page {@code pgno}, first checking it lies in the file, was not reached before, and names itself. */
    private ByteBuffer claim(long pgno) throws IOException {
        mark(pgno);
        ByteBuffer page = read(pgno, pageSize);
        if (page.getLong(0) != pgno) {
            throw corrupt("page " + pgno, "its header names page " + page.getLong(0));
        }
        return page;
    }

    private ByteBuffer read(long pgno, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        while (bytes.hasRemaining() && channel.read(bytes, pgno * pageSize + bytes.position()) >= 0) {
            // read until full; the meta check proved the file holds the last page, the walk the overflow run
        }
        return bytes.flip();
    }

    private void mark(long pgno) {
        if (pgno < 2 || pgno > lastPage) {
            throw corrupt("page " + pgno, "not between the meta pages and the last page " + lastPage);
        }
        if (seen.get((int) pgno)) {
            throw corrupt("page " + pgno, "reached twice");
        }
        seen.set((int) pgno);
    }

    private CorruptRemoteMetadataException corrupt(String where, String detail) {
        return new CorruptRemoteMetadataException(dataFile.toString(), where, detail);
    }

    /** What the walk found in one tree. */
    private static final class Tree {
        final boolean main;
        final List<ByteBuffer> named = new ArrayList<>();
        long depth;
        long branchPages;
        long leafPages;
        long overflowPages;
        long entries;

        final boolean free;

        Tree(boolean main, boolean free) {
            this.main = main;
            this.free = free;
        }
    }
}
