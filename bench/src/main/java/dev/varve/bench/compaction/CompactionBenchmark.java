package dev.varve.bench.compaction;

import dev.varve.bench.CpuTime;
import dev.varve.bench.PayloadGenerator;
import dev.varve.bench.engine.BenchFiles;
import dev.varve.bench.peer.KafkaCleanerPeer;
import dev.varve.compaction.ActiveProducers;
import dev.varve.compaction.CleanerOptions;
import dev.varve.compaction.CleaningResult;
import dev.varve.compaction.OffsetMap;
import dev.varve.compaction.OffsetMapBuilder;
import dev.varve.compaction.SegmentCleaner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.storage.internals.log.CleanerStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole cleaning pass over a never-cleaned keyed log (a {@link DirtyLog} of {@value #VALUE_BYTES_TOTAL}
 * bytes of values in 16 KiB batches, about 16 MiB segments, one tombstone in 50): the offset map built
 * over every segment, then every segment rewritten into one cleaned segment, fsynced. One op = one
 * pass; each shot starts from the same dirty log. Varve: {@code OffsetMap.clear} +
 * {@link OffsetMapBuilder#build} + {@link SegmentCleaner#clean} (its {@code .cleaned} files are deleted
 * before the next shot; no swap). Kafka 4.4: {@code Cleaner.doClean} over a fresh recovered copy of
 * the same files ({@link KafkaCleanerPeer}), which also swaps the cleaned segment in. Both with a
 * {@value #DEDUPE_BUFFER_BYTES}-byte offset map and 256 KiB I/O buffers a side.
 *
 * <p>Cells: {@code keys} {@code few} (1,000 distinct keys: almost everything is superseded) or
 * {@code many} (a key space of half the record count: each key written about twice, about 43 % of
 * the records survive); {@code valueBytes} 100 or 4096 (JSON-like events of that mean size); codec
 * {@code none} or {@code zstd}. The report turns {@code bytes} (dirty log as stored) into MB/s per
 * CPU-second and per wall second, and {@code keys} and {@code allocated} into memory per key and heap
 * allocated per MB cleaned.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CompactionBenchmark {
    /** Bytes of record values in each dirty log (the record count is this over {@code valueBytes}). */
    public static final int VALUE_BYTES_TOTAL = 32 << 20;
    /** Offset map size for both cleaners: 1,398,101 slots, 1,258,290 keys. */
    public static final int DEDUPE_BUFFER_BYTES = 32 << 20;
    static final long SEGMENT_BYTES = 16 << 20;
    static final int FEW_KEYS = 1000;
    static final String TOPIC = "compact";
    /** The cleaner's clock: an hour after the records' first timestamp. */
    static final long NOW_MS = PayloadGenerator.BASE_TIMESTAMP_MS + 3_600_000;
    private static final long SEED = 5;

    @Param({"varve", "kafka"})
    public String engine;
    @Param({"few", "many"})
    public String keys;
    @Param({"100", "4096"})
    public int valueBytes;
    @Param({"none", "zstd"})
    public String codec;

    /** Total value bytes of the dirty log; tests make it small. */
    long valueBytesTotal = VALUE_BYTES_TOTAL;
    Path root;
    Path pristine;
    DirtyLog dirty;
    private OffsetMap map;
    private OffsetMapBuilder builder;
    private SegmentCleaner cleaner;
    private KafkaCleanerPeer kafka;

    @Setup(Level.Trial)
    public void setUpTrial() {
        root = BenchFiles.tempDirectory("compaction");
        pristine = BenchFiles.createDirectories(root.resolve("pristine"));
        long records = Math.max(1, valueBytesTotal / valueBytes);
        int keySpace = keys.equals("few") ? FEW_KEYS : (int) Math.max(1, records / 2);
        dirty = DirtyLog.write(pristine, records, SEGMENT_BYTES, keySpace, valueBytes, codec, SEED);
        if (engine.equals("varve")) {
            map = new OffsetMap(DEDUPE_BUFFER_BYTES);
            builder = new OffsetMapBuilder(CleanerOptions.DEFAULTS.ioBufferBytes());
            cleaner = new SegmentCleaner(CleanerOptions.DEFAULTS);
        } else if (!engine.equals("kafka")) {
            throw new IllegalArgumentException("engine=" + engine);
        }
    }

    /** Varve: removes the previous shot's {@code .cleaned} files. Kafka: a fresh copy of the dirty log, opened. */
    @Setup(Level.Iteration)
    public void freshDirtyLog() {
        if (engine.equals("varve")) {
            deleteMatching(pristine, ".cleaned");
            return;
        }
        closeKafka();
        Path data = root.resolve("kafka");
        BenchFiles.deleteTree(data);
        Path partition = BenchFiles.createDirectories(data.resolve(TOPIC + "-0"));
        try {
            for (Path segment : dirty.segments()) {
                Files.copy(segment, partition.resolve(segment.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafka = KafkaCleanerPeer.open(data, TOPIC, 0, Map.of("cleanup.policy", "compact"), DEDUPE_BUFFER_BYTES,
                CleanerOptions.DEFAULTS.ioBufferBytes());
    }

    @Benchmark
    public long clean(CpuTime cpu, CleaningCounters counters) {
        cpu.start();
        cpu.ops++;
        long allocatedAtStart = CleaningCounters.allocatedByThisThread();
        if (engine.equals("varve")) {
            map.clear();
            builder.build(map, dirty.segments(), 0, dirty.endOffset());
            CleaningResult result = cleaner.clean(dirty.segments(), map, dirty.endOffset(), NOW_MS, ActiveProducers.NONE);
            counters.add(dirty.sizeInBytes(), result.bytesWritten(), map.size(), allocatedAtStart);
            return result.recordsKept();
        }
        CleanerStats stats = kafka.clean(0, dirty.endOffset(), NOW_MS);
        counters.add(dirty.sizeInBytes(), stats.bytesWritten(), kafka.mapSize(), allocatedAtStart);
        return stats.messagesWritten();
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() {
        closeKafka();
        if (builder != null) {
            builder.close();
        }
        BenchFiles.deleteTree(root);
    }

    private void closeKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    private static void deleteMatching(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
