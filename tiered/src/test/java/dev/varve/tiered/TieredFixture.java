package dev.varve.tiered;

import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.segmented.SegmentedLogEngine;
import dev.varve.engine.spi.EngineContext;
import dev.varve.engine.topic.TopicCatalog;
import dev.varve.tiered.s3.S3ProxyServer;
import dev.varve.tiered.s3.S3RemoteStore;
import dev.varve.tiered.s3.S3StoreConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One data directory with the segmented engine, its catalog and tiered storage on an S3 bucket, as
 * the CLI composes them; {@link #crash()} abandons it as a killed process would.
 */
final class TieredFixture implements AutoCloseable {
    final SegmentedLogEngine engine;
    final TopicCatalog catalog;
    final TieredStorage tiered;

    /** Opens and cleans orphans first, as {@code varve tier run} does on start. */
    TieredFixture(Path dir, Map<String, String> configs, TieringHook hook) {
        this(dir, configs, hook, true);
    }

    /** Opens; with {@code clean} false nothing touches the store (a reader such as {@code varve consume}). */
    TieredFixture(Path dir, Map<String, String> configs, TieringHook hook, boolean clean) {
        engine = SegmentedLogEngine.open(new EngineContext(dir, Clock.systemUTC()));
        catalog = TopicCatalog.open(engine, dir);
        TieredStorage opened = null;
        try {
            opened = TieredStorage.open(engine, catalog, dir, S3RemoteStore.open(S3StoreConfig.from(configs)), configs,
                    Clock.systemUTC(), hook);
            if (clean) {
                opened.cleanOrphans();
            }
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            engine.close();
            throw e;
        }
        tiered = opened;
    }

    static Map<String, String> configs(S3ProxyServer server, String bucket) {
        return S3ProxyServer.configs(server.port(), bucket);
    }

    /** A batch of {@code count} records stamped {@code timestamp + i}, values "tag-i" padded. */
    static ByteBuffer batch(int count, long timestamp, String tag) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(0);
            for (int i = 0; i < count; i++) {
                builder.append(timestamp + i, null, (tag + "-" + i + "-" + "x".repeat(50)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer built = builder.build();
            return ByteBuffer.allocate(built.remaining()).put(built).flip();
        }
    }

    /** Appends {@code batches} batches of 5 records to each log, stamped from {@code timestamp} on. */
    static void fill(int batches, long timestamp, PartitionLog... logs) {
        for (int b = 0; b < batches; b++) {
            ByteBuffer batch = batch(5, timestamp + 10L * b, "b" + b);
            for (PartitionLog log : logs) {
                log.append(batch.duplicate());
            }
        }
    }

    /** Abandons everything as a SIGKILL would: LMDB keeps its synced commits, the engine recovers. */
    void crash() {
        tiered.close();
        engine.halt();
    }

    @Override
    public void close() {
        tiered.close();
        engine.close();
    }
}
