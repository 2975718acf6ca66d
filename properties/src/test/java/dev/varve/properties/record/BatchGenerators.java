package dev.varve.properties.record;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.record.ControlRecordType;
import dev.varve.engine.record.TimestampType;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of record batches as plain data ({@link BatchSpec}, {@link ControlSpec}).
 *
 * <p>Sizes are biased small (most batches hold a handful of records of a few bytes) with a tail of
 * large cases: thousands of records, values up to 10 KiB, compressible text as well as random bytes.
 * Payload bytes are drawn from a seed, not byte by byte, so generation stays fast and shrinking works
 * on lengths and counts, which is what makes a shrunk case small.
 */
final class BatchGenerators {
    /** About the epoch-millisecond time of a real cluster, so deltas look like production ones. */
    private static final long NOW_MS = 1_750_000_000_000L;
    private static final String[] WORDS = {"order", "user", "id", "=", "42", "{", "}", "\"status\":", "shipped",
        "événement", "κλειδί", "ключ", "키", "データ", "\n", " ", "2025-06-15T10:00:00Z"};

    private BatchGenerators() {
    }

    /** Record batches of any codec in {@code codecs}, 1 to a few thousand records. */
    static Gen<BatchSpec> batches(List<CompressionCodec> codecs) {
        return batches(codecs, recordCounts());
    }

    /** Record batches with record counts from {@code counts}. */
    static Gen<BatchSpec> batches(List<CompressionCodec> codecs, Gen<Integer> counts) {
        Gen<CompressionCodec> codec = Generate.pick(codecs);
        Gen<Long> baseOffset = frequency(
                Pair.of(6, longs().between(0, 1000)),
                Pair.of(3, longs().between(0, Long.MAX_VALUE / 2)),
                Pair.of(1, Generate.constant(Long.MAX_VALUE / 2)));
        Gen<Long> logAppendTime = frequency(
                Pair.of(6, Generate.constant(-1L)),
                Pair.of(3, longs().between(NOW_MS - 1000, NOW_MS + 1000)),
                Pair.of(1, longs().between(0, Long.MAX_VALUE / 4)));
        Gen<Producer> producer = producers();
        Gen<Integer> leaderEpoch = frequency(
                Pair.of(4, Generate.constant(-1)),
                Pair.of(4, integers().between(0, 100)),
                Pair.of(1, integers().between(0, Integer.MAX_VALUE)));
        Gen<List<BatchSpec.RecordSpec>> records = records(counts);
        return codec.zip(baseOffset, logAppendTime, producer, leaderEpoch.zip(records, Pair::of),
                (c, base, lat, p, epochAndRecords) -> new BatchSpec(c, base,
                        lat == -1 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME, lat,
                        p.id, p.epoch, p.baseSequence, epochAndRecords._1, p.transactional, epochAndRecords._2))
                .describedAs(BatchSpec::toString);
    }

    /** 1..4 mostly, up to 64 often, up to 512 sometimes, up to 3000 rarely. */
    static Gen<Integer> recordCounts() {
        return frequency(
                Pair.of(50, integers().between(1, 4)),
                Pair.of(30, integers().between(5, 64)),
                Pair.of(15, integers().between(65, 512)),
                Pair.of(5, integers().between(513, 3000)));
    }

    /** Small batches, for properties that run a batch through many mutations. */
    static Gen<Integer> smallRecordCounts() {
        return frequency(Pair.of(7, integers().between(1, 4)), Pair.of(3, integers().between(5, 40)));
    }

    /** End-transaction markers: COMMIT or ABORT with a coordinator epoch. */
    static Gen<ControlSpec> markers() {
        Gen<ControlRecordType> type = Generate.pick(List.of(ControlRecordType.COMMIT, ControlRecordType.ABORT));
        Gen<Long> baseOffset = longs().between(0, Long.MAX_VALUE / 2);
        Gen<Long> timestamp = frequency(Pair.of(1, Generate.constant(-1L)),
                Pair.of(5, longs().between(NOW_MS - 1000, NOW_MS + 1000)), Pair.of(2, longs().between(0, Long.MAX_VALUE)));
        Gen<Integer> leaderEpoch = integers().between(-1, Integer.MAX_VALUE);
        Gen<Long> producerId = longs().between(0, Long.MAX_VALUE);
        Gen<Short> epoch = integers().between(0, Short.MAX_VALUE).map(Integer::shortValue);
        Gen<Integer> coordinatorEpoch = integers().all();
        Gen<MarkerProducer> producer = producerId.zip(epoch, coordinatorEpoch, MarkerProducer::new);
        return type.zip(baseOffset, timestamp, leaderEpoch, producer,
                (t, base, ts, le, p) -> new ControlSpec(t, base, ts, le, p.id, p.epoch, p.coordinatorEpoch))
                .describedAs(ControlSpec::toString);
    }

    private record Producer(long id, short epoch, int baseSequence, boolean transactional) {
    }

    private record MarkerProducer(long id, short epoch, int coordinatorEpoch) {
    }

    /** No producer; an idempotent one; a transactional one; with sequences near the Int.MAX wrap. */
    private static Gen<Producer> producers() {
        Gen<Producer> none = Generate.constant(new Producer(-1, (short) -1, -1, false));
        Gen<Long> id = frequency(Pair.of(3, longs().between(0, 1000)), Pair.of(1, longs().between(0, Long.MAX_VALUE)));
        Gen<Short> epoch = integers().between(0, Short.MAX_VALUE).map(Integer::shortValue);
        Gen<Integer> sequence = frequency(Pair.of(3, integers().between(0, 1000)),
                Pair.of(1, integers().between(Integer.MAX_VALUE - 100, Integer.MAX_VALUE)));
        Gen<Producer> some = id.zip(epoch, sequence, booleans().all(), Producer::new);
        return frequency(Pair.of(1, none), Pair.of(1, some));
    }

    /** The records of one batch: offsets increasing (mostly by 1, sometimes with compaction-like gaps). */
    private static Gen<List<BatchSpec.RecordSpec>> records(Gen<Integer> counts) {
        Gen<Integer> gap = frequency(Pair.of(19, Generate.constant(0)), Pair.of(1, integers().between(1, 1000)));
        Gen<Long> timeBase = frequency(
                Pair.of(6, longs().between(NOW_MS - 1000, NOW_MS + 1000)),
                Pair.of(2, longs().between(0, 1000)),
                Pair.of(1, Generate.constant(-1L)),
                Pair.of(1, longs().between(0, Long.MAX_VALUE / 4)));
        Gen<Long> jitter = frequency(Pair.of(3, Generate.constant(0L)), Pair.of(6, longs().between(-10_000, 10_000)),
                Pair.of(1, longs().between(-Long.MAX_VALUE / 8, Long.MAX_VALUE / 8)));
        Gen<List<Header>> headers = frequency(Pair.of(3, Generate.constant(List.of())),
                Pair.of(2, lists().of(header()).ofSizeBetween(1, 3)));
        Gen<Raw> raw = gap.zip(jitter, payloads(50), payloads(20), headers, Raw::new);
        Gen<List<Raw>> raws = lists().of(raw).ofSizes(counts);
        return timeBase.zip(raws, BatchGenerators::assemble);
    }

    private record Raw(int gap, long jitter, byte[] key, byte[] value, List<Header> headers) {
    }

    private record Header(String key, byte[] value) {
    }

    private static List<BatchSpec.RecordSpec> assemble(long timeBase, List<Raw> raws) {
        List<BatchSpec.RecordSpec> records = new ArrayList<>(raws.size());
        int offsetDelta = -1;
        for (Raw raw : raws) {
            offsetDelta += 1 + raw.gap;
            long timestamp = timeBase == -1 && raw.jitter == 0 ? -1 : Math.max(0, timeBase + raw.jitter);
            List<BatchSpec.HeaderSpec> headers = new ArrayList<>(raw.headers.size());
            for (Header h : raw.headers) {
                headers.add(new BatchSpec.HeaderSpec(h.key, h.value));
            }
            records.add(new BatchSpec.RecordSpec(offsetDelta, timestamp, raw.key, raw.value, List.copyOf(headers)));
        }
        return records;
    }

    private static Gen<Header> header() {
        Gen<String> key = integers().between(0, 12).zip(longs().all(), BatchGenerators::unicode);
        Gen<byte[]> value = frequency(Pair.of(1, Generate.constant((byte[]) null)), Pair.of(1, Generate.constant(new byte[0])),
                Pair.of(4, integers().between(1, 32).zip(longs().all(), BatchGenerators::text)));
        return key.zip(value, Header::new);
    }

    /**
     * Keys or values: null, empty, small, medium, and one in {@code largeOdds} up to 10 KiB; half
     * compressible text, half random bytes.
     */
    static Gen<byte[]> payloads(int largeOdds) {
        Gen<Integer> length = frequency(
                Pair.of(largeOdds, integers().between(-1, 0)),
                Pair.of(5 * largeOdds, integers().between(1, 16)),
                Pair.of(2 * largeOdds, integers().between(17, 512)),
                Pair.of(1, integers().between(513, 10 * 1024)));
        return length.zip(booleans().all(), longs().all(), (n, text, seed) ->
                n < 0 ? null : text ? text(n, seed) : random(n, seed));
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        return bytes;
    }

    /** {@code length} bytes of repetitive UTF-8 text (it may end inside a multi-byte character). */
    static byte[] text(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[length];
        System.arraycopy(utf8, 0, bytes, 0, length);
        return bytes;
    }

    /** A string of {@code codePoints} characters from ASCII, Latin, Greek, CJK and emoji: valid UTF-16 always. */
    static String unicode(int codePoints, long seed) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x391, 0x3c9}, {0x4e00, 0x9fff}, {0x1f600, 0x1f64f}, {0x0, 0x1f}};
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return text.toString();
    }

    @SafeVarargs
    static <T> Gen<T> frequency(Pair<Integer, Gen<T>> first, Pair<Integer, Gen<T>>... rest) {
        return Generate.frequency(first, rest);
    }
}
