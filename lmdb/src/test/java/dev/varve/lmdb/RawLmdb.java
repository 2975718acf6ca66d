package dev.varve.lmdb;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/** Writes to a closed store's LMDB file behind the store's back, as damage or an older version would. */
final class RawLmdb {
    private RawLmdb() {
    }

    /** Runs {@code change} on the named database of the store in {@code dir} in one committed write transaction. */
    static void write(Path dir, String database, BiConsumer<Txn<byte[]>, Dbi<byte[]>> change) {
        try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMaxDbs(3).open(dir.toFile())) {
            Dbi<byte[]> dbi = env.openDbi(database, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY);
            try (Txn<byte[]> txn = env.txnWrite()) {
                change.accept(txn, dbi);
                txn.commit();
            }
        }
    }
}
