package dev.varve.lmdb;

import static dev.varve.lmdb.Segments.ORDERS_0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@link LmdbPageWalk} reads a real data file as LMDB lays it out (the layout is confirmed here
 * against a file the store wrote), and refuses each kind of damaged B-tree page field LMDB would follow with a
 * {@link CorruptRemoteMetadataException} naming the file and the page, before LMDB maps the file. The layout test
 * also times the walk: {@code varve.property.examples * 2} segments (400 by default, 10,000 under {@code -Pdeep}).
 */
class LmdbPageWalkTest {
    private static final int SEGMENTS = 300;
    private static final int TIMED_SEGMENTS = Math.max(SEGMENTS, 2 * Integer.getInteger("varve.property.examples", 200));

    @TempDir
    Path dir;

    private ByteBuffer bytes;
    private int pageSize;

    private void writeStore(int segments) throws IOException {
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            for (int i = 0; i < segments; i++) {
                Segments.readable(store, ORDERS_0, i * 100L, i * 100L + 99, i);
            }
        }
        bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(LmdbEnvironment.DATA_FILE))).order(ByteOrder.nativeOrder());
        pageSize = bytes.getInt(LmdbMetaPages.PAGE_SIZE_OFFSET);
    }

    private int usedMeta() {
        return bytes.getLong(pageSize + LmdbMetaPages.TXNID_OFFSET) > bytes.getLong(LmdbMetaPages.TXNID_OFFSET) ? pageSize : 0;
    }

    private int page(long pgno) {
        return (int) (pgno * pageSize);
    }

    private int node(long pgno, int i) {
        return page(pgno) + (bytes.getShort(page(pgno) + LmdbPageWalk.HEADER + 2 * i) & 0xFFFF);
    }

    private int nodes(long pgno) {
        return ((bytes.getShort(page(pgno) + 12) & 0xFFFF) - LmdbPageWalk.HEADER) / 2;
    }

    /** The file positions of the MDB_db records of the named databases (values of F_SUBDATA nodes, main tree leaves). */
    private List<Integer> namedDbs(long pgno) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < nodes(pgno); i++) {
            int node = node(pgno, i);
            if ((bytes.getShort(page(pgno) + 10) & LmdbPageWalk.P_BRANCH) != 0) {
                found.addAll(namedDbs((bytes.getShort(node) & 0xFFFFL) | (bytes.getShort(node + 2) & 0xFFFFL) << 16));
            } else {
                assertEquals(LmdbPageWalk.F_SUBDATA, bytes.getShort(node + 4), "the main tree holds only named databases");
                assertEquals(LmdbPageWalk.DB_SIZE, bytes.getShort(node) & 0xFFFF, "an MDB_db record is 48 bytes");
                found.add(node + LmdbPageWalk.NODE + (bytes.getShort(node + 6) & 0xFFFF));
            }
        }
        return found;
    }

    /** The root page of the deepest named database: a branch page once the store holds a few hundred segments. */
    private long deepestRoot() {
        int deepest = namedDbs(bytes.getLong(usedMeta() + LmdbMetaPages.MAIN_ROOT_OFFSET)).stream()
                .max((a, b) -> Short.compare(bytes.getShort(a + 6), bytes.getShort(b + 6))).orElseThrow();
        assertTrue(bytes.getShort(deepest + 6) >= 2, "a tree of depth 2 or more");
        return bytes.getLong(deepest + LmdbPageWalk.DB_ROOT);
    }

    @Test
    void shouldReadTheLayoutOfADataFileTheStoreWrote() throws IOException {
        writeStore(TIMED_SEGMENTS);
        long mainRoot = bytes.getLong(usedMeta() + LmdbMetaPages.MAIN_ROOT_OFFSET);
        System.out.println("main root page " + mainRoot + ": " + HexFormat.ofDelimiter(" ").formatHex(bytes.array(), page(mainRoot), page(mainRoot) + 64));
        assertEquals(mainRoot, bytes.getLong(page(mainRoot)), "a page's header names it");
        assertEquals(LmdbPageWalk.P_LEAF, bytes.getShort(page(mainRoot) + 10), "a few named databases fit one leaf");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes(mainRoot); i++) {
            int node = node(mainRoot, i);
            names.add(new String(bytes.array(), node + LmdbPageWalk.NODE, bytes.getShort(node + 6), StandardCharsets.UTF_8));
        }
        assertEquals(namedDbs(mainRoot).size(), names.size());
        assertEquals(bytes.getLong(usedMeta() + LmdbMetaPages.MAIN_ROOT_OFFSET - LmdbPageWalk.DB_ROOT + 32), names.size(),
                "the main record's entries count its named databases: " + names);
        long branch = deepestRoot();
        assertEquals(LmdbPageWalk.P_BRANCH, bytes.getShort(page(branch) + 10));
        long fastest = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            LmdbMetaPages.check(dir.resolve(LmdbEnvironment.DATA_FILE));
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        System.out.printf("lmdb page walk: %d segments, %d pages of %d bytes, fastest of 5 walks %.2f ms%n", TIMED_SEGMENTS,
                bytes.capacity() / pageSize, pageSize, fastest / 1e6);
    }

    @Test
    void shouldRefuseEachDamagedPageFieldBeforeLmdbMapsTheFile() throws IOException {
        writeStore(SEGMENTS);
        byte[] pristine = bytes.array().clone();
        long branch = deepestRoot();
        int b = page(branch);
        int first = node(branch, 0);
        long child = (bytes.getShort(first) & 0xFFFFL) | (bytes.getShort(first + 2) & 0xFFFFL) << 16;
        int leafNode = node(child, 0);
        int mainRecord = usedMeta() + LmdbMetaPages.MAIN_ROOT_OFFSET - LmdbPageWalk.DB_ROOT;
        long freeRoot = bytes.getLong(usedMeta() + LmdbMetaPages.FREE_ROOT_OFFSET);
        assertEquals(LmdbPageWalk.P_LEAF, bytes.getShort(page(freeRoot) + 10), "a few hundred commits leave a free list");
        int freeNode = node(freeRoot, 0);
        int freeList = freeNode + LmdbPageWalk.NODE + (bytes.getShort(freeNode + 6) & 0xFFFF);
        record Damage(String where, String detail, Consumer<ByteBuffer> change) {
        }
        for (Damage damage : new Damage[] {
                new Damage("page " + branch, "its header names page", p -> p.putLong(b, branch + 1)),
                new Damage("page " + branch, "neither a branch nor a leaf", p -> p.putShort(b + 10, (short) 0x11)),
                new Damage("page " + branch, "do not bound its free space", p -> p.putShort(b + 12, (short) (pageSize - 2))),
                new Damage("page " + branch, "do not bound its free space", p -> p.putShort(b + 14, (short) 0x7FFF)),
                new Damage("page " + branch + " node 0", "is not an even offset", p -> p.putShort(b + 16, (short) 18)),
                new Damage("page " + branch + " node 0", "is not an even offset", p -> p.putShort(b + 16, (short) (pageSize - 2))),
                new Damage("page " + (child + (1L << 32)), "not between the meta pages", p -> p.putShort(first + 4, (short) 1)),
                new Damage("page " + child + " node 0", "key size", p -> p.putShort(leafNode + 6, (short) 0x7FFF)),
                new Damage("page " + child + " node 0", "data size", p -> p.putShort(leafNode + 2, (short) 1)),
                new Damage("page " + child + " node 0", "node flags", p -> p.putShort(leafNode + 4, (short) 0x04)),
                new Damage("page " + child, "reached twice", p -> p.putShort(node(branch, 1), (short) child)),
                new Damage("page " + freeRoot + " node 0", "a free list of", p -> p.putLong(freeList, p.getLong(freeList) + 1)),
                new Damage("page " + freeRoot + " node 0", "is not below", p -> p.putLong(freeList + 8, 1)),
                new Damage("main db record", "entries", p -> p.putLong(mainRecord + 32, 99)),
                new Damage("main db record", "flags", p -> p.putShort(mainRecord + 4, (short) 0x04)),
        }) {
            ByteBuffer changed = ByteBuffer.wrap(pristine.clone()).order(ByteOrder.nativeOrder());
            damage.change().accept(changed);
            Files.write(dir.resolve(LmdbEnvironment.DATA_FILE), changed.array());
            CorruptRemoteMetadataException e = assertThrows(CorruptRemoteMetadataException.class,
                    () -> RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults()).close(), damage.detail());
            assertEquals(dir.toRealPath().resolve(LmdbEnvironment.DATA_FILE).toString(), e.file());
            assertTrue(e.getMessage().contains(damage.where()) && e.getMessage().contains(damage.detail()), e.getMessage());
        }
    }
}
