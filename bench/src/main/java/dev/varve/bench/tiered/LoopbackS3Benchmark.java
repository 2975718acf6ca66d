package dev.varve.bench.tiered;

import dev.varve.bench.engine.WrittenBytes;
import dev.varve.tiered.s3.S3RemoteStore;
import dev.varve.tiered.s3.S3StoreConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
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
 * LOOPBACK ONLY: Varve's {@link S3RemoteStore} against S3Proxy in the same JVM on 127.0.0.1 with an
 * in-memory store, one thread. It measures the client path (digests, SigV4, the JDK's HTTP client, the
 * checks after each call) plus S3Proxy's own cost, with no network and no disk: an upper bound, not what
 * any real object store gives. Ops: {@code put} (a whole object, with the HEAD check; multipart from
 * 32 MiB, the default threshold), {@code readWhole} (one ranged GET of the object, CRC-32C checked) and
 * {@code readRange} (a 1 MiB ranged GET at a rotating position, as a remote fetch of
 * {@code max.partition.fetch.bytes} does). The secondary metric {@code bytes} gives MB/s.
 *
 * <pre>
 *   ./mvnw -B -q -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar LoopbackS3Benchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LoopbackS3Benchmark {
    /** Bytes of a ranged read: Kafka's consumer default {@code max.partition.fetch.bytes}. */
    public static final int RANGE_BYTES = 1 << 20;
    private static final String BUCKET = "bench";
    private static final String KEY = "t-0/00000000000000000000-bench.log";

    /** Object size: a small segment, and one above the default multipart threshold. */
    @Param({"8388608", "67108864"})
    public int objectBytes;

    Path dir;
    Path file;
    S3Proxy server;
    S3RemoteStore store;
    ByteBuffer whole;
    ByteBuffer range;
    long rangePosition;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("varve-bench-s3");
        byte[] content = new byte[objectBytes];
        new SplittableRandom(20261122).nextBytes(content);
        file = Files.write(dir.resolve("segment.log"), content);
        TransientNio2BlobStore blobStore = new TransientNio2BlobStore();
        blobStore.createContainer(BUCKET);
        server = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret").build();
        server.start();
        store = S3RemoteStore.open(S3StoreConfig.from(Map.of(
                S3StoreConfig.ENDPOINT, "http://127.0.0.1:" + server.getPort(),
                S3StoreConfig.BUCKET, BUCKET,
                S3StoreConfig.PATH_STYLE_ACCESS, "true",
                S3StoreConfig.ACCESS_KEY_ID, "bench",
                S3StoreConfig.SECRET_ACCESS_KEY, "bench-secret")));
        store.put(KEY, file);
        whole = ByteBuffer.allocate(objectBytes);
        range = ByteBuffer.allocate(RANGE_BYTES);
    }

    @Benchmark
    public long put(WrittenBytes moved) {
        long size = store.put(KEY, file).sizeBytes();
        moved.bytes += size;
        return size;
    }

    @Benchmark
    public int readWhole(WrittenBytes moved) {
        whole.clear();
        int n = store.read(KEY, 0, whole);
        moved.bytes += n;
        return n;
    }

    @Benchmark
    public int readRange(WrittenBytes moved) {
        range.clear();
        int n = store.read(KEY, rangePosition, range);
        moved.bytes += n;
        rangePosition = (rangePosition + RANGE_BYTES) % (objectBytes - RANGE_BYTES);
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        server.stop();
        Files.delete(file);
        Files.delete(dir);
    }
}
