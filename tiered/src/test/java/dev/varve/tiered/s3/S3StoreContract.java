package dev.varve.tiered.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.tiered.RemoteObject;
import dev.varve.tiered.RemoteObjectNotFoundException;
import dev.varve.tiered.RemoteBucketNotFoundException;
import dev.varve.tiered.RemoteObjectCorruptException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The store's contract against a real S3 API server on 127.0.0.1, one subclass per implementation
 * ({@link S3RemoteStoreTest}: S3Proxy, {@link S3MockStoreTest}: S3Mock): every operation, single and
 * multipart, and the integrity checks (a damaged upload refused by its Content-MD5, a flipped byte caught by
 * the CRC-32C) through a {@link FaultProxy} in front of the server.
 */
abstract class S3StoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    Path dir;
    String bucket;
    S3RemoteStore store;

    /** The server under test, started. */
    abstract S3TestServer server();

    @BeforeEach
    void openStore() {
        bucket = "store-" + BUCKETS.incrementAndGet();
        server().createBucket(bucket);
        store = S3RemoteStore.open(S3StoreConfig.from(server().configs(bucket)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldPutThenReadBackEveryByteOfASmallFile() throws Exception {
        byte[] content = bytes(100_000, 1);
        RemoteObject put = store.put("t-0/a.log", file("a.log", content));

        assertEquals(content.length, put.sizeBytes());
        assertEquals(crc32c(content), put.crc32c().getAsLong());
        ByteBuffer all = ByteBuffer.allocate(content.length);
        assertEquals(content.length, store.read("t-0/a.log", 0, all));
        assertArrayEquals(content, all.array());
    }

    @Test
    void shouldReadARangeAndStopAtTheEndOfTheObject() throws Exception {
        byte[] content = bytes(10_000, 2);
        store.put("k", file("k", content));

        ByteBuffer middle = ByteBuffer.allocate(1000);
        assertEquals(1000, store.read("k", 4000, middle));
        assertArrayEquals(Arrays.copyOfRange(content, 4000, 5000), middle.array());

        ByteBuffer tail = ByteBuffer.allocate(1000);
        assertEquals(300, store.read("k", 9700, tail));
        assertArrayEquals(Arrays.copyOfRange(content, 9700, 10_000), Arrays.copyOf(tail.array(), 300));
        assertEquals(300, tail.position());

        assertEquals(-1, store.read("k", 10_000, ByteBuffer.allocate(10)));
        assertEquals(-1, store.read("k", 20_000, ByteBuffer.allocate(10)));
        assertEquals(0, store.read("k", 5, ByteBuffer.allocate(0)));
    }

    @Test
    void shouldTransferARangeOrTheWholeObjectToAChannel() throws Exception {
        byte[] content = bytes(300_000, 3);
        store.put("c", file("c", content));

        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        assertEquals(content.length, store.transferTo("c", 0, Long.MAX_VALUE, Channels.newChannel(whole)));
        assertArrayEquals(content, whole.toByteArray());

        ByteArrayOutputStream range = new ByteArrayOutputStream();
        assertEquals(70_000, store.transferTo("c", 100_000, 70_000, Channels.newChannel(range)));
        assertArrayEquals(Arrays.copyOfRange(content, 100_000, 170_000), range.toByteArray());
    }

    @Test
    void shouldUploadAFileAboveTheThresholdInPartsAndReadAcrossPartBoundaries() throws Exception {
        byte[] content = bytes((11 << 20) + 12_345, 4);
        RemoteObject put = store.put("big.log", file("big.log", content));

        assertEquals(content.length, put.sizeBytes());
        assertEquals(Optional.of(put), store.head("big.log"));
        int boundary = 5 << 20;
        ByteBuffer across = ByteBuffer.allocate(200_000);
        assertEquals(200_000, store.read("big.log", boundary - 100_000, across));
        assertArrayEquals(Arrays.copyOfRange(content, boundary - 100_000, boundary + 100_000), across.array());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        store.transferTo("big.log", 0, content.length, Channels.newChannel(whole));
        assertArrayEquals(content, whole.toByteArray());
    }

    @Test
    void shouldPutAnEmptyFile() throws Exception {
        RemoteObject put = store.put("empty", file("empty", new byte[0]));

        assertEquals(0, put.sizeBytes());
        assertEquals(-1, store.read("empty", 0, ByteBuffer.allocate(1)));
    }

    @Test
    void shouldOverwriteAKeyOnASecondPut() throws Exception {
        store.put("k", file("first", bytes(5000, 5)));
        byte[] second = bytes(3000, 6);
        store.put("k", file("second", second));

        assertEquals(3000, store.head("k").orElseThrow().sizeBytes());
        ByteBuffer back = ByteBuffer.allocate(5000);
        assertEquals(3000, store.read("k", 0, back));
        assertArrayEquals(second, Arrays.copyOf(back.array(), 3000));
    }

    @Test
    void shouldHeadDeleteAndListByPrefix() throws Exception {
        Path f = file("f", bytes(10, 7));
        for (String key : List.of("p/t-1/b", "p/t-0/b", "p/t-0/a", "q/t-0/a")) {
            store.put(key, f);
        }

        assertEquals(List.of("p/t-0/a", "p/t-0/b", "p/t-1/b"), store.list("p/").stream().map(RemoteObject::key).toList());
        assertEquals(List.of("p/t-0/a", "p/t-0/b"), store.list("p/t-0/").stream().map(RemoteObject::key).toList());
        assertTrue(store.list("p/t-0/").stream().allMatch(o -> o.sizeBytes() == 10));
        assertEquals(10, store.head("q/t-0/a").orElseThrow().sizeBytes());

        store.delete("p/t-0/a");
        store.delete("p/t-0/a");
        store.delete("never-there");
        assertEquals(Optional.empty(), store.head("p/t-0/a"));
        assertEquals(List.of("p/t-0/b"), store.list("p/t-0/").stream().map(RemoteObject::key).toList());
    }

    @Test
    void shouldListPastOnePage() throws Exception {
        Path f = file("f", bytes(1, 8));
        for (int i = 0; i < 7; i++) {
            store.put("many/" + i, f);
        }
        S3StoreConfig config = S3StoreConfig.from(server().configs(bucket));
        try (S3RemoteStore smallPages = new S3RemoteStore(S3RemoteStore.client(config), config, Retrier.of(config), 3)) {
            List<String> listed = smallPages.list("many/").stream().map(RemoteObject::key).toList();
            assertEquals(List.of("many/0", "many/1", "many/2", "many/3", "many/4", "many/5", "many/6"), listed);
        }
    }

    @Test
    void shouldAbortUploadsACrashLeftUnfinishedUnderThePrefixOnly() throws Exception {
        S3StoreConfig config = S3StoreConfig.from(server().configs(bucket));
        try (S3Client raw = S3RemoteStore.client(config)) {
            // What a crash after the first part leaves: an upload begun, one part sent, never completed.
            String crashed = raw.createMultipartUpload(b -> b.bucket(bucket).key("p/t-0/big.log")).uploadId();
            raw.uploadPart(b -> b.bucket(bucket).key("p/t-0/big.log").uploadId(crashed).partNumber(1),
                    RequestBody.fromBytes(bytes(5 << 20, 12)));
            raw.createMultipartUpload(b -> b.bucket(bucket).key("q/t-0/other.log"));

            assertEquals(1, store.abortUnfinishedUploads("p/"));

            assertEquals(List.of("q/t-0/other.log"),
                    raw.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().map(MultipartUpload::key).toList());
            assertEquals(List.of(), store.list("p/"));
            assertEquals(0, store.abortUnfinishedUploads("p/"));
        }
    }

    @Test
    void shouldThrowNotFoundWithTheKeyForAMissingObject() {
        RemoteObjectNotFoundException e = assertThrows(RemoteObjectNotFoundException.class,
                () -> store.read("t-0/missing.log", 0, ByteBuffer.allocate(10)));
        assertEquals("t-0/missing.log", e.key());
        assertEquals("read", e.operation());
        assertTrue(e.getMessage().contains("key=t-0/missing.log"), e.getMessage());
    }

    @Test
    void shouldRejectAMissingBucketWithoutRetryingAndNameIt() throws Exception {
        Path f = file("f", bytes(10, 9));
        try (S3RemoteStore missing = S3RemoteStore.open(S3StoreConfig.from(server().configs("no-such-bucket")))) {
            RemoteBucketNotFoundException e = assertThrows(RemoteBucketNotFoundException.class, () -> missing.put("k", f));
            assertEquals(404, e.statusCode());
            assertEquals("no-such-bucket", e.bucket());
            assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
            assertThrows(RemoteBucketNotFoundException.class, () -> missing.abortUnfinishedUploads(""));
        }
    }

    @Test
    void shouldRetryAnUploadWhoseBytesWereDamagedOnTheWayAndCatchAFlippedByteOnTheWayBack() throws Exception {
        byte[] content = bytes(60_000, 13);
        try (FaultProxy proxy = new FaultProxy(server().port(), 2000);
                S3RemoteStore faulty = S3RemoteStore.open(S3StoreConfig.from(S3ProxyServer.configs(proxy.port(), bucket)))) {
            proxy.inject("PUT", "/damaged", 1, FaultProxy.Fault.CORRUPT_REQUEST_BODY);
            faulty.put("damaged", file("damaged", content));
            assertEquals(2, proxy.count("PUT", "/damaged"), "the store refused the damaged bytes (Content-MD5): "
                    + proxy.requests());
            ByteBuffer back = ByteBuffer.allocate(content.length);
            assertEquals(content.length, store.read("damaged", 0, back));
            assertArrayEquals(content, back.array());

            proxy.inject("GET", "/damaged", 1, FaultProxy.Fault.CORRUPT_BODY);
            RemoteObjectCorruptException e = assertThrows(RemoteObjectCorruptException.class,
                    () -> faulty.read("damaged", 0, ByteBuffer.allocate(content.length)));
            assertTrue(e.getMessage().contains("crc32c"), e.getMessage());
        }
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long crc32c(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return crc.getValue();
    }
}
