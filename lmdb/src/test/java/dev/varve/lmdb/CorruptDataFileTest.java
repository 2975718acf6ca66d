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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a damaged LMDB data file is a {@link CorruptRemoteMetadataException} naming the file, never a
 * crash of the JVM. Damage to the meta pages is caught before LMDB maps the file ({@link LmdbMetaPages});
 * before that check, a last page and a root past the end of the file killed the JVM with SIGBUS. Damage to a
 * stored value is caught on open by the tables' witness ({@link StoreWitness}), and by the value's checksum
 * when it is read. (LMDB does not check the B-tree pages it follows; {@link LmdbPageWalk} does before LMDB maps
 * the file, see {@link LmdbPageWalkTest}; what damage inside a well-formed page changes in a scan the witness catches.)
 */
class CorruptDataFileTest {
    @TempDir
    Path dir;

    private Path dataFile() {
        return dir.resolve(LmdbEnvironment.DATA_FILE);
    }

    private String realDataFile() {
        try {
            return dir.toRealPath().resolve(LmdbEnvironment.DATA_FILE).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void writeStore() {
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            Segments.readable(store, ORDERS_0, 0, 99, 5_000);
        }
    }

    private void damage(Consumer<ByteBuffer> change) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dataFile())).order(ByteOrder.nativeOrder());
        change.accept(bytes);
        Files.write(dataFile(), bytes.array());
    }

    private void assertRefusedOnOpen(String detail) {
        CorruptRemoteMetadataException e = assertThrows(CorruptRemoteMetadataException.class,
                () -> RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults()).close());
        assertEquals(realDataFile(), e.file());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void shouldNameTheFileWhenAMetaPageIsDamaged() throws IOException {
        writeStore();
        byte[] pristine = Files.readAllBytes(dataFile());
        int pageSize = ByteBuffer.wrap(pristine).order(ByteOrder.nativeOrder()).getInt(LmdbMetaPages.PAGE_SIZE_OFFSET);
        record Damage(String detail, Consumer<ByteBuffer> change) {
        }
        for (Damage damage : new Damage[] {
                new Damage("bad magic", b -> b.put(LmdbMetaPages.MAGIC_OFFSET, (byte) 0xDF)),
                new Damage("unsupported version", b -> b.putInt(pageSize + LmdbMetaPages.VERSION_OFFSET, 2)),
                new Damage("not a meta page", b -> b.putShort(LmdbMetaPages.FLAGS, (short) 0x02)),
                new Damage("page size", b -> b.putInt(LmdbMetaPages.PAGE_SIZE_OFFSET, 4095)),
                new Damage("last page", b -> b.putLong(LmdbMetaPages.LAST_PAGE_OFFSET, 200)),
                new Damage("root page", b -> b.putLong(LmdbMetaPages.MAIN_ROOT_OFFSET, 1000)),
                // the SIGBUS case: LMDB would map and touch page 150 of a file of a few pages
                new Damage("last page", b -> b.putLong(LmdbMetaPages.LAST_PAGE_OFFSET, 200).putLong(LmdbMetaPages.MAIN_ROOT_OFFSET, 150)),
        }) {
            Files.write(dataFile(), pristine);
            damage(damage.change());
            assertRefusedOnOpen(damage.detail());
        }
        Files.write(dataFile(), java.util.Arrays.copyOf(pristine, 100));
        assertRefusedOnOpen("less than its two meta pages");
        Files.write(dataFile(), pristine);
        try (RemoteLogMetadataStore store = RemoteLogMetadataStore.open(dir, RemoteMetadataStoreOptions.defaults())) {
            assertEquals(1, store.readableSegments(ORDERS_0).size(), "the pristine file still opens: nothing was left locked");
        }
    }

    @Test
    void shouldNameTheFileWhenAStoredValueIsDamaged() throws IOException {
        writeStore();
        byte[] key = "orders/0/".getBytes(StandardCharsets.UTF_8);
        damage(bytes -> {
            byte[] all = bytes.array();
            int flipped = 0;
            for (int i = 2 * 4096; i + key.length <= all.length; i++) {
                if (java.util.Arrays.equals(all, i, i + key.length, key, 0, key.length)) {
                    all[i + key.length + 3] ^= 0x01; // a digit of the base offset in every copy of the object key
                    flipped++;
                }
            }
            assertTrue(flipped > 0, "the object key is stored");
        });
        assertRefusedOnOpen("the segments table disagrees with its witness");
    }
}
