package dev.varve.bench.tiered;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.tiered.TierRunSummary;
import dev.varve.tiered.TieredStorage;
import dev.varve.tiered.s3.S3StoreConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * One cell of the tiered study, LOOPBACK: a data directory with the segmented engine and tiered storage
 * on an S3Proxy in this JVM (127.0.0.1, in-memory blob store), holding two logs of the same batches:
 * {@code tiered} ({@code remote.storage.enable=true}, {@code local.retention.bytes=0}, so after the upload
 * every closed segment lives only in the bucket) and its never-tiered twin {@code local}. Each read copies
 * the returned batches into one reused heap buffer, remote or local alike. Not thread-safe.
 */
final class TieredCell implements AutoCloseable {
    static final String BUCKET = "bench";
    private static final String ACCESS_KEY = "bench";
    private static final String SECRET_KEY = "bench-secret";

    private final Path dir;
    private final S3Proxy server;
    private final SegmentedLogEngine engine;
    private final TopicCatalog catalog;
    private final ByteBuffer into;
    private final RecordBatchFlyweight batch = new RecordBatchFlyweight();
    private TieredStorage tiered;
    private int readsWithGet;

    TieredCell(Path dir, int segmentBytes, long totalBytes, ByteBuffer[] batches, int fetchBytes) throws Exception {
        this.dir = dir;
        TransientNio2BlobStore blobStore = new TransientNio2BlobStore();
        blobStore.createContainer(BUCKET);
        server = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        server.start();
        engine = SegmentedLogEngine.open(new EngineContext(dir, Clock.systemUTC()));
        catalog = TopicCatalog.open(engine, dir);
        String segment = Integer.toString(segmentBytes);
        catalog.create("tiered", 1, Map.of("segment.bytes", segment, "remote.storage.enable", "true",
                "local.retention.bytes", "0"));
        catalog.create("local", 1, Map.of("segment.bytes", segment));
        reopen(TieredStudy.DEFAULT_CACHE_BYTES);
        PartitionLog remote = remote();
        PartitionLog local = local();
        long written = 0;
        for (int i = 0; written < totalBytes; i++) {
            ByteBuffer next = batches[i % batches.length];
            remote.append(next.duplicate());
            local.append(next.duplicate());
            written += next.remaining();
        }
        remote.roll();
        local.roll();
        into = ByteBuffer.allocate(2 * Math.max(fetchBytes, batches[0].remaining()));
    }

    /** Opens tiered storage anew with {@code cacheBytes} of read cache (an empty cache: cold). */
    void reopen(long cacheBytes) {
        if (tiered != null) {
            tiered.close();
        }
        Map<String, String> configs = new HashMap<>();
        configs.put(S3StoreConfig.ENDPOINT, "http://127.0.0.1:" + server.getPort());
        configs.put(S3StoreConfig.BUCKET, BUCKET);
        configs.put(S3StoreConfig.PATH_STYLE_ACCESS, "true");
        configs.put(S3StoreConfig.ACCESS_KEY_ID, ACCESS_KEY);
        configs.put(S3StoreConfig.SECRET_ACCESS_KEY, SECRET_KEY);
        configs.put(TieredStorage.READER_CACHE_BYTES_CONFIG, Long.toString(cacheBytes));
        tiered = TieredStorage.open(engine, catalog, dir, configs);
    }

    TieredStorage tiered() {
        return tiered;
    }

    PartitionLog remote() {
        return tiered.open("tiered", 0);
    }

    PartitionLog local() {
        return tiered.open("local", 0);
    }

    /** Uploads every closed segment of {@code tiered} (then local retention deletes them locally). */
    TierRunSummary upload() {
        return tiered.run(Optional.of("tiered"), segment -> { });
    }

    /** Reads {@code log} from its start to its end, {@code fetchBytes} a read; the bytes read. */
    long consume(PartitionLog log, int fetchBytes) {
        long end = log.logEndOffset();
        long bytes = 0;
        for (long offset = log.logStartOffset(); offset < end;) {
            bytes += read(log, offset, fetchBytes, end);
            offset = nextOffset();
        }
        return bytes;
    }

    /**
     * Times one read at each of {@code count} offsets drawn uniformly from {@code log}'s offsets with
     * {@code seed} (the same offsets for every log of the cell), after {@code warmup} untimed ones;
     * {@link #readsWithGet()} then counts the timed reads that fetched from the store.
     */
    Histogram randomReads(PartitionLog log, int fetchBytes, int warmup, int count, long seed) {
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long start = log.logStartOffset();
        long end = log.logEndOffset();
        SplittableRandom random = new SplittableRandom(seed);
        readsWithGet = 0;
        for (int i = 0; i < warmup + count; i++) {
            long offset = random.nextLong(start, end);
            long misses = tiered.readerCacheStats().misses();
            long began = System.nanoTime();
            read(log, offset, fetchBytes, end);
            long nanos = System.nanoTime() - began;
            if (i >= warmup) {
                latency.recordValue(nanos);
                readsWithGet += tiered.readerCacheStats().misses() > misses ? 1 : 0;
            }
        }
        return latency;
    }

    /** How many timed reads of the last {@link #randomReads} missed the cache (one ranged GET or more). */
    int readsWithGet() {
        return readsWithGet;
    }

    /** One read copied into the reused buffer, its bytes; fails on anything but whole batches. */
    private int read(PartitionLog log, long offset, int fetchBytes, long end) {
        ReadResult result = log.read(offset, fetchBytes, end);
        if (result.status() != ReadResult.Status.OK || result.records().sizeInBytes() == 0) {
            throw new IllegalStateException("read at offset " + offset + " of " + log + ": " + result.status());
        }
        into.clear();
        result.records().readInto(into);
        into.flip();
        return into.limit();
    }

    /** The offset after the last batch in the buffer. */
    private long nextOffset() {
        int at = 0;
        long next = -1;
        while (at < into.limit()) {
            batch.wrap(into, at);
            next = batch.nextOffset();
            at += batch.sizeInBytes();
        }
        return next;
    }

    @Override
    public void close() throws Exception {
        try {
            if (tiered != null) {
                tiered.close();
            }
            engine.close();
        } finally {
            server.stop();
        }
    }
}
