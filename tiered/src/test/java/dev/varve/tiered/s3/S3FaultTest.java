package dev.varve.tiered.s3;

import static dev.varve.tiered.s3.S3StoreContract.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.tiered.RemoteObjectCorruptException;
import dev.varve.tiered.RemoteObjectNotFoundException;
import dev.varve.tiered.RemoteStoreRejectedException;
import dev.varve.tiered.RemoteStoreUnavailableException;
import dev.varve.tiered.s3.FaultProxy.Fault;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import dev.varve.tiered.RemoteObject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3RemoteStore} through a {@link FaultProxy} in front of S3Proxy: each fault kind, once (retried to
 * success, with the exact number of requests the log shows) and for good (the typed exception, within
 * the bounds). The store under test: 1 s attempt timeout, 5 attempts, 10-50 ms backoff, 5 MiB parts.
 * <pre>
 *   fault                     transient (then pass)          persistent
 *   503 SlowDown, 500/502/504 retried                        RemoteStoreUnavailableException, 5 attempts
 *   stall past the timeout    retried                        (same)
 *   reset mid-body            GET resumed after the bytes    (same)
 *   truncated body            GET resumed                    RemoteObjectCorruptException
 *   flipped byte, whole read  RemoteObjectCorruptException (CRC-32C), not retried
 *   flipped byte in a PUT     refused by the store (Content-MD5), retried
 *   403, 404                  not retried: Rejected, NotFound
 *   501/405/400 NotSupported  on an optional call: skipped from then on, asked once per store
 *     ListMultipartUploads    orphan cleanup of unfinished uploads returns 0
 *     AbortMultipartUpload    (same)
 *     CreateMultipartUpload   every file goes up in one PUT
 *     ListObjectsV2           listed with ListObjects version 1 (by marker)
 *   no x-amz-meta-* kept      uploads checked by size and ETag (Content-MD5 on the way in), warned once
 * </pre>
 */
class S3FaultTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;
    private static FaultProxy proxy;

    @TempDir
    Path dir;
    private String bucket;
    private S3RemoteStore store;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer();
        proxy = new FaultProxy(server.port(), 2500);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        server.close();
    }

    @BeforeEach
    void openStore() {
        bucket = "faults-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        proxy.reset();
        store = S3RemoteStore.open(S3StoreConfig.from(S3ProxyServer.configs(proxy.port(), bucket)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldRetryThrottledAndFailingPutsUntilTheyLand() throws Exception {
        byte[] content = bytes(50_000, 1);
        proxy.inject("PUT", "/k", 1, Fault.SLOW_DOWN_503);
        proxy.inject("PUT", "/k", 1, Fault.INTERNAL_ERROR_500);
        proxy.inject("PUT", "/k", 1, Fault.BAD_GATEWAY_502);
        proxy.inject("PUT", "/k", 1, Fault.GATEWAY_TIMEOUT_504);

        store.put("k", file(content));

        assertEquals(5, proxy.count("PUT", "/k"), proxy.requests().toString());
        assertHolds("k", content);
    }

    @Test
    void shouldRetryThrottledReadsAndHeads() throws Exception {
        byte[] content = bytes(20_000, 2);
        store.put("k", file(content));
        proxy.reset();
        proxy.inject("GET", "/k", 2, Fault.SLOW_DOWN_503);
        proxy.inject("HEAD", "/k", 2, Fault.INTERNAL_ERROR_500);

        assertHolds("k", content);
        assertEquals(content.length, store.head("k").orElseThrow().sizeBytes());
        assertEquals(3, proxy.count("GET", "/k"));
        assertEquals(3, proxy.count("HEAD", "/k"));
    }

    @Test
    void shouldRetryARequestThatStallsPastTheAttemptTimeout() throws Exception {
        byte[] content = bytes(20_000, 3);
        proxy.inject("PUT", "/k", 1, Fault.STALL);
        store.put("k", file(content));
        proxy.inject("GET", "/k", 1, Fault.STALL);

        long start = System.nanoTime();
        assertHolds("k", content);

        assertTrue(System.nanoTime() - start >= 900_000_000L, "waited for the timeout");
        assertEquals(2, proxy.count("PUT", "/k"));
        assertEquals(2, proxy.count("GET", "/k"));
    }

    @Test
    void shouldResumeAReadAfterAResetOrATruncationMidBody() throws Exception {
        byte[] content = bytes(400_000, 4);
        store.put("k", file(content));
        proxy.inject("GET", "/k", 1, Fault.RESET_MID_BODY);
        proxy.inject("GET", "/k", 1, Fault.TRUNCATE_BODY);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(300_000, store.transferTo("k", 50_000, 300_000, Channels.newChannel(out)));

        assertArrayEquals(Arrays.copyOfRange(content, 50_000, 350_000), out.toByteArray());
        assertEquals(3, proxy.count("GET", "/k"));
    }

    @Test
    void shouldRetryAPutOrPartWhoseBytesWereDamagedOnTheWay() throws Exception {
        byte[] small = bytes(40_000, 14);
        byte[] big = bytes((5 << 20) + 3, 15);
        proxy.inject("PUT", "/small", 1, Fault.CORRUPT_REQUEST_BODY);
        proxy.inject("PUT", "partNumber=2", 1, Fault.CORRUPT_REQUEST_BODY);

        store.put("small", file(small));
        store.put("big", file(big));

        assertEquals(2, proxy.count("PUT", "/small"), proxy.requests().toString());
        assertEquals(2, proxy.count("PUT", "partNumber=2"), proxy.requests().toString());
        assertHolds("small", small);
        assertHolds("big", big);
    }

    @Test
    void shouldRetryAPutWhoseAnswerWasLost() throws Exception {
        byte[] content = bytes(30_000, 5);
        proxy.inject("PUT", "/k", 1, Fault.RESET_MID_BODY);

        store.put("k", file(content));

        assertEquals(2, proxy.count("PUT", "/k"));
        assertHolds("k", content);
    }

    @Test
    void shouldRetryFailedPartsOfAMultipartUpload() throws Exception {
        byte[] content = bytes((10 << 20) + 7, 6);
        proxy.inject("PUT", "partNumber=2", 1, Fault.SLOW_DOWN_503);
        proxy.inject("PUT", "partNumber=2", 1, Fault.RESET_MID_BODY);
        proxy.inject("PUT", "partNumber=3", 1, Fault.STALL);

        assertEquals(content.length, store.put("big", file(content)).sizeBytes());

        assertEquals(1, proxy.count("PUT", "partNumber=1"));
        assertEquals(3, proxy.count("PUT", "partNumber=2"));
        assertEquals(2, proxy.count("PUT", "partNumber=3"));
        assertHolds("big", content);
    }

    @Test
    void shouldAbortAMultipartUploadWhosePartKeepsFailing() throws Exception {
        proxy.inject("PUT", "partNumber=2", 1000, Fault.INTERNAL_ERROR_500);

        assertThrows(RemoteStoreUnavailableException.class, () -> store.put("big", file(bytes((10 << 20) + 7, 13))));

        assertEquals(5, proxy.count("PUT", "partNumber=2"), proxy.requests().toString());
        assertEquals(1, proxy.count("DELETE", "uploadId="), "aborted: " + proxy.requests());
        assertEquals(0, store.abortUnfinishedUploads(""), "nothing left unfinished");
        assertEquals(Optional.empty(), store.head("big"));
    }

    @Test
    void shouldFinishAMultipartUploadWhoseCompletionAnswerWasLost() throws Exception {
        byte[] content = bytes((5 << 20) + 100, 7);
        proxy.inject("POST", "uploadId=", 1, Fault.RESET_MID_BODY);

        store.put("big", file(content));

        assertEquals(2, proxy.count("POST", "uploadId="), proxy.requests().toString());
        assertHolds("big", content);
    }

    @Test
    void shouldGiveUpOnPersistentThrottlingAfterTheBoundedAttempts() throws Exception {
        proxy.inject("PUT", "/k", 1000, Fault.SLOW_DOWN_503);

        long start = System.nanoTime();
        RemoteStoreUnavailableException e = assertThrows(RemoteStoreUnavailableException.class,
                () -> store.put("k", file(bytes(10, 8))));

        assertEquals(5, e.attempts());
        assertEquals(5, proxy.count("PUT", "/k"));
        assertEquals("k", e.key());
        assertTrue(e.getMessage().contains("SlowDown"), e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "bounded: 4 waits of at most 50 ms");
    }

    @Test
    void shouldReportAPersistentlyShortBodyAsCorruptWithTheKeyAndPosition() throws Exception {
        store.put("k", file(bytes(100_000, 9)));
        proxy.inject("GET", "/k", 1000, Fault.TRUNCATE_BODY);

        RemoteObjectCorruptException e = assertThrows(RemoteObjectCorruptException.class,
                () -> store.read("k", 1000, ByteBuffer.allocate(50_000)));

        assertEquals("k", e.key());
        assertTrue(e.position() >= 1000 && e.position() < 51_000, e.getMessage());
        assertEquals(5, proxy.count("GET", "/k"));
    }

    @Test
    void shouldDetectAFlippedByteInAWholeObjectReadByItsChecksum() throws Exception {
        byte[] content = bytes(100_000, 10);
        store.put("k", file(content));
        proxy.inject("GET", "/k", 1, Fault.CORRUPT_BODY);

        RemoteObjectCorruptException e = assertThrows(RemoteObjectCorruptException.class,
                () -> store.read("k", 0, ByteBuffer.allocate(content.length)));

        assertTrue(e.getMessage().contains("crc32c"), e.getMessage());
    }

    @Test
    void shouldNotRetryAccessDeniedOrAMissingObject() throws Exception {
        store.put("k", file(bytes(10, 11)));
        proxy.inject("GET", "/k", 1, Fault.ACCESS_DENIED_403);

        RemoteStoreRejectedException denied = assertThrows(RemoteStoreRejectedException.class,
                () -> store.read("k", 0, ByteBuffer.allocate(10)));
        assertEquals(403, denied.statusCode());
        assertThrows(RemoteObjectNotFoundException.class, () -> store.read("gone", 0, ByteBuffer.allocate(10)));

        assertEquals(1, proxy.count("GET", "/k"));
        assertEquals(1, proxy.count("GET", "/gone"));
    }

    @Test
    void shouldSkipOrphanUploadCleanupOnAStoreThatCannotListUploadsAndAskOnlyOnce() throws Exception {
        proxy.inject("GET", "?uploads", 1000, Fault.NOT_IMPLEMENTED_501);

        assertEquals(0, store.abortUnfinishedUploads("t-0/"));
        assertEquals(0, store.abortUnfinishedUploads("t-1/"));
        byte[] big = bytes((5 << 20) + 9, 16);
        store.put("big", file(big));

        assertEquals(1, proxy.count("GET", "?uploads"), "detected once per store: " + proxy.requests());
        assertEquals(1, proxy.count("GET", "?uploads&prefix=t-0"), proxy.requests().toString());
        assertEquals(2, proxy.count("PUT", "partNumber="), "multipart uploads still work");
        assertHolds("big", big);
    }

    @Test
    void shouldSkipAbortingOnAStoreThatRefusesItWith405Or400NotSupported() throws Exception {
        try (S3Client raw = S3RemoteStore.client(S3StoreConfig.from(S3ProxyServer.configs(server.port(), bucket)))) {
            raw.createMultipartUpload(b -> b.bucket(bucket).key("p/a"));
            raw.createMultipartUpload(b -> b.bucket(bucket).key("p/b"));
        }
        proxy.inject("DELETE", "uploadId=", 1, Fault.METHOD_NOT_ALLOWED_405);

        assertEquals(0, store.abortUnfinishedUploads("p/"));
        assertEquals(0, store.abortUnfinishedUploads("p/"));
        assertEquals(1, proxy.count("DELETE", "uploadId="), proxy.requests().toString());
        assertEquals(1, proxy.count("GET", "?uploads"), "no listing once aborting is known missing");

        proxy.reset();
        proxy.inject("DELETE", "uploadId=", 1, Fault.NOT_SUPPORTED_400);
        try (S3RemoteStore fresh = S3RemoteStore.open(S3StoreConfig.from(S3ProxyServer.configs(proxy.port(), bucket)))) {
            assertEquals(0, fresh.abortUnfinishedUploads("p/"));
        }
        assertEquals(1, proxy.count("DELETE", "uploadId="), proxy.requests().toString());
    }

    @Test
    void shouldUploadInOnePutOnAStoreWithoutMultipartUploads() throws Exception {
        proxy.inject("POST", "?uploads", 1000, Fault.NOT_IMPLEMENTED_501);
        byte[] first = bytes((5 << 20) + 11, 17);
        byte[] second = bytes((10 << 20) + 3, 18);

        assertEquals(first.length, store.put("first", file(first)).sizeBytes());
        assertEquals(second.length, store.put("second", file(second)).sizeBytes());

        assertEquals(1, proxy.count("POST", "?uploads"), "detected once: " + proxy.requests());
        assertEquals(0, proxy.count("PUT", "partNumber="));
        assertHolds("first", first);
        assertHolds("second", second);
    }

    @Test
    void shouldListWithVersion1OnAStoreWithoutListObjectsV2() throws Exception {
        Path f = file(bytes(10, 19));
        for (int i = 0; i < 7; i++) {
            store.put("many/" + i, f);
        }
        proxy.inject("GET", "list-type=2", 1000, Fault.NOT_IMPLEMENTED_501);
        S3StoreConfig config = S3StoreConfig.from(S3ProxyServer.configs(proxy.port(), bucket));
        try (S3RemoteStore smallPages = new S3RemoteStore(S3RemoteStore.client(config), config, Retrier.of(config), 3)) {
            List<String> expected = List.of("many/0", "many/1", "many/2", "many/3", "many/4", "many/5", "many/6");
            assertEquals(expected, smallPages.list("many/").stream().map(RemoteObject::key).toList());
            assertEquals(expected, smallPages.list("many/").stream().map(RemoteObject::key).toList());
        }
        assertEquals(1, proxy.count("GET", "list-type=2"), "detected once: " + proxy.requests());
        assertEquals(2, proxy.count("GET", "?max-keys=3"), "first pages, no marker: " + proxy.requests());
        assertEquals(4, proxy.count("GET", "?marker="), "3 pages of at most 3 keys, twice: " + proxy.requests());
    }

    @Test
    void shouldCheckUploadsBySizeAndETagOnAStoreThatKeepsNoUserMetadata() throws Exception {
        byte[] first = bytes(30_000, 20);
        byte[] second = bytes(40_000, 21);
        proxy.inject("HEAD", "/", 1000, Fault.STRIP_USER_METADATA);
        proxy.inject("GET", "/", 1000, Fault.STRIP_USER_METADATA);

        assertEquals(crc32c(first), store.put("first", file(first)).crc32c().getAsLong(), "the file's own CRC-32C");
        store.put("second", file(second));

        assertHolds("first", first);
        assertHolds("second", second);
        assertTrue(store.head("first").orElseThrow().crc32c().isEmpty(), "the store shows none");
        assertEquals(2, proxy.count("PUT", "/"), "each uploaded once: " + proxy.requests());
    }

    @Test
    void shouldStillFailOnAnOrdinaryRefusalOfAnOptionalCall() {
        proxy.inject("GET", "?uploads", 1, Fault.ACCESS_DENIED_403);

        RemoteStoreRejectedException e = assertThrows(RemoteStoreRejectedException.class,
                () -> store.abortUnfinishedUploads("p/"));
        assertEquals(403, e.statusCode());
    }

    private static long crc32c(byte[] content) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content);
        return crc.getValue();
    }

    private Path file(byte[] content) throws Exception {
        return Files.write(Files.createTempFile(dir, "upload", ".bin"), content);
    }

    /** The store holds exactly {@code content} under {@code key}. */
    private void assertHolds(String key, byte[] content) {
        ByteBuffer buffer = ByteBuffer.allocate(content.length + 1);
        assertEquals(content.length, store.read(key, 0, buffer));
        assertArrayEquals(content, Arrays.copyOf(buffer.array(), content.length));
    }
}
