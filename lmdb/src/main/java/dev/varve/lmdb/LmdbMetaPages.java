package dev.varve.lmdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two meta pages at the start of an LMDB data file (LMDB 0.9, 64-bit, native byte order), checked
 * before LMDB maps the file. LMDB keeps no page checksums and trusts the page numbers its meta pages hold:
 * a last page or a root past the end of the file makes it touch unmapped file pages, which kills the
 * process with {@code SIGBUS} (seen with lmdbjava 0.9.3). So every field LMDB would follow is checked first,
 * and a damaged one is a {@link CorruptRemoteMetadataException} naming the file and the meta page.
 *
 * <pre>
 * page header (16 bytes)    meta (from byte 16 of pages 0 and 1)
 *  0  pgno        u64        16 magic 0xBEEFC0DE u32   24 address u64     40 free db (48 bytes; its first
 *  8  pad         u16        20 version 1       u32   32 mapsize u64        u32 is the page size, page 0)
 * 10  flags       u16 (8 = META)                       88 main db (48 bytes; root u64 at +40)
 * 12  lower/upper u16 u16                              136 last page u64   144 txnid u64
 * </pre>
 *
 * Then {@link LmdbPageWalk} checks every B-tree page reachable from the meta page LMDB will use. What neither
 * can see: a changed key or value byte inside a well-formed page; a changed transaction id that selects the older
 * meta page, whose tree may point at reused pages. The store's values carry their own checksums
 * ({@link SegmentValueCodec}), so such damage surfaces as a {@link CorruptRemoteMetadataException} when a value is
 * read, and the tables' witness ({@link StoreWitness}) catches, when the store opens, a damaged B-tree page that
 * drops, adds or changes entries. An older meta page whose tree is intact is a consistent older state, one
 * transaction back: neither check sees it. Stateless.
 */
final class LmdbMetaPages {
    static final int MAGIC = 0xBEEFC0DE;
    static final int VERSION = 1;
    static final int FLAGS = 10;
    static final int META = 16;
    static final int MAGIC_OFFSET = META;
    static final int VERSION_OFFSET = META + 4;
    static final int PAGE_SIZE_OFFSET = META + 24;
    static final int FREE_ROOT_OFFSET = META + 24 + 40;
    static final int MAIN_ROOT_OFFSET = META + 24 + 48 + 40;
    static final int LAST_PAGE_OFFSET = META + 120;
    static final int TXNID_OFFSET = META + 128;
    private static final int P_META = 0x08;
    private static final long P_INVALID = -1L;
    private static final int MIN_PAGE_SIZE = 512;
    private static final int MAX_PAGE_SIZE = 0x10000;

    private LmdbMetaPages() {
    }

    /**
     * Checks the meta pages of {@code dataFile}; a missing or empty file (a new environment) passes.
     *
     * @throws CorruptRemoteMetadataException naming the file and meta page when one is damaged
     * @throws IOException when the file cannot be read
     */
    static void check(Path dataFile) throws IOException {
        try (FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return;
            }
            ByteBuffer first = read(channel, 0, (int) Math.min(size, MIN_PAGE_SIZE));
            int pageSize = first.limit() >= PAGE_SIZE_OFFSET + 4 ? first.getInt(PAGE_SIZE_OFFSET) : 0;
            if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
                throw corrupt(dataFile, 0, "page size " + pageSize + " is not a power of two in [512, 65536]");
            }
            if (size < 2L * pageSize) {
                throw corrupt(dataFile, 0, "the file holds " + size + " bytes, less than its two meta pages of " + pageSize);
            }
            long pages = size / pageSize;
            ByteBuffer[] metas = new ByteBuffer[2];
            for (int page = 0; page < 2; page++) {
                metas[page] = read(channel, (long) page * pageSize, pageSize);
                checkMeta(dataFile, page, metas[page], pages);
            }
            // LMDB uses the meta page with the higher transaction id, page 0 on a tie (mdb_env_read_header)
            ByteBuffer used = metas[metas[1].getLong(TXNID_OFFSET) > metas[0].getLong(TXNID_OFFSET) ? 1 : 0];
            LmdbPageWalk.walk(dataFile, channel, pageSize, used, FREE_ROOT_OFFSET - LmdbPageWalk.DB_ROOT,
                    MAIN_ROOT_OFFSET - LmdbPageWalk.DB_ROOT);
        } catch (NoSuchFileException e) {
            // a new environment: LMDB creates the file
        }
    }

    private static void checkMeta(Path dataFile, int page, ByteBuffer meta, long pages) {
        if (meta.getLong(0) != page || (meta.getShort(FLAGS) & P_META) == 0) {
            throw corrupt(dataFile, page, "not a meta page: pgno=" + meta.getLong(0) + ", flags=0x" + Integer.toHexString(meta.getShort(FLAGS) & 0xFFFF));
        }
        if (meta.getInt(MAGIC_OFFSET) != MAGIC) {
            throw corrupt(dataFile, page, "bad magic 0x" + Integer.toHexString(meta.getInt(MAGIC_OFFSET)));
        }
        if (meta.getInt(VERSION_OFFSET) != VERSION) {
            throw corrupt(dataFile, page, "unsupported version " + meta.getInt(VERSION_OFFSET));
        }
        long lastPage = meta.getLong(LAST_PAGE_OFFSET);
        if (lastPage < 1 || lastPage >= pages) {
            throw corrupt(dataFile, page, "last page " + lastPage + " is not inside the file's " + pages + " pages");
        }
        for (int offset : new int[] {FREE_ROOT_OFFSET, MAIN_ROOT_OFFSET}) {
            long root = meta.getLong(offset);
            if (root != P_INVALID && (root < 2 || root > lastPage)) {
                throw corrupt(dataFile, page, "root page " + root + " is not between the meta pages and the last page " + lastPage);
            }
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // read until full or the end of the file
        }
        return buffer.flip();
    }

    private static CorruptRemoteMetadataException corrupt(Path dataFile, int page, String detail) {
        return new CorruptRemoteMetadataException(dataFile.toString(), "meta page " + page, detail);
    }
}
