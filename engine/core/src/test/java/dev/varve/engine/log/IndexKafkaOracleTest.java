package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.storage.internals.log.OffsetPosition;
import org.apache.kafka.storage.internals.log.TimestampOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka 4.4's {@code OffsetIndex} and {@code TimeIndex} as the oracle, both ways: for random entry
 * lists, the index files we write and the ones Kafka writes are byte-identical, each side reads the
 * other's file with the same entries and the same lookups, both pass {@code sanityCheck()}, and
 * {@code truncateTo} leaves the same bytes. Lists reach 2,100 entries so lookups cross Kafka's warm
 * section (1,024 offset entries, 682 time entries).
 *
 * <p>Kafka 4.4's {@code AbstractIndex.close()} only unmaps (earlier versions also trimmed; 4.4 trims
 * in {@code LogSegment.onBecomeInactiveSegment()} and recovery), so it doubles as the read-only
 * release here, and files Kafka writes are trimmed explicitly first.
 *
 * <p>A failure prints QuickTheories' seed and the shrunk (base, gaps, seed) example; pin it by
 * adding {@code .withFixedSeed(seed)} after {@code qt()}, or copy the example into a unit test.
 */
class IndexKafkaOracleTest {
    private static final int EXAMPLES = Integer.getInteger("varve.property.examples", 200);

    @TempDir
    Path dir;

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path exampleDir() {
        try {
            return Files.createTempDirectory(dir, "example");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offset index entries {offset, position} from gaps: offsets strictly increasing. */
    private static List<long[]> offsetEntries(long base, List<Integer> gaps) {
        List<long[]> entries = new ArrayList<>();
        long offset = base;
        int position = 0;
        for (int gap : gaps) {
            offset += gap - 1; // the first entry may sit at the base offset
            position += 1 + gap * 37 % 4096;
            entries.add(new long[] {offset, position});
            offset++;
        }
        return entries;
    }

    /** Time index entries {timestamp, offset}: timestamps strictly increasing, offsets sometimes repeated. */
    private static List<long[]> timeEntries(long base, List<Integer> gaps, long seed) {
        List<long[]> entries = new ArrayList<>();
        long timestamp = 1_600_000_000_000L + (seed & 0xffff);
        long offset = base;
        for (int gap : gaps) {
            timestamp += 1 + (gap & 0x3ff);
            offset += (gap >>> 10) % 8;
            entries.add(new long[] {timestamp, offset});
        }
        return entries;
    }

    /** Lookup targets: random ones around the range, and each sampled key, one below and one above. */
    private static long[] targets(long low, long high, List<Long> keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> targets = new ArrayList<>(List.of(Long.MIN_VALUE, low - 1, low, high, high + 1, Long.MAX_VALUE));
        for (int i = 0; i < 40; i++) {
            targets.add(random.nextLong(low - 5, high + 6));
            if (!keys.isEmpty()) {
                long key = keys.get(random.nextInt(keys.size()));
                targets.addAll(List.of(key - 1, key, key + 1));
            }
        }
        return targets.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void offsetIndexShouldBeByteIdenticalToKafkasAndReadTheSameBothWays() {
        qt().withExamples(EXAMPLES)
                .forAll(longs().between(0, 1L << 40), lists().of(integers().between(1, 5000)).ofSizeBetween(0, 2100),
                        longs().all())
                .checkAssert((base, gaps, seed) -> io(() -> {
                    Path d = exampleDir();
                    List<long[]> entries = offsetEntries(base, gaps);
                    int maxIndexSize = (entries.size() + 3) * OffsetIndexDescriptor.ENTRY_SIZE + 5;
                    Path ours = d.resolve("ours.index");
                    Path theirs = d.resolve("kafka.index");
                    try (OffsetIndex index = OffsetIndex.open(ours, base, maxIndexSize)) {
                        entries.forEach(e -> index.append(e[0], (int) e[1]));
                    }
                    var kafka = new org.apache.kafka.storage.internals.log.OffsetIndex(theirs.toFile(), base, maxIndexSize);
                    entries.forEach(e -> kafka.append(e[0], (int) e[1]));
                    kafka.trimToValidSize(); // Kafka 4.4's close() only unmaps; its segment trims on roll and close
                    kafka.close();
                    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));

                    List<Long> keys = entries.stream().map(e -> e[0]).toList();
                    long last = keys.isEmpty() ? base : keys.get(keys.size() - 1);
                    long[] targets = targets(base, last, keys, seed);
                    assertOffsetIndexesAgree(ours, base, entries.size(), targets); // Kafka reads ours
                    assertOffsetIndexesAgree(theirs, base, entries.size(), targets); // we read Kafka's
                    assertOffsetTruncationAgrees(d, ours, base, targets[new SplittableRandom(seed).nextInt(targets.length)]);
                }));
    }

    private static void assertOffsetIndexesAgree(Path file, long base, int entries, long[] targets) throws IOException {
        var kafka = new org.apache.kafka.storage.internals.log.OffsetIndex(file.toFile(), base, -1, false);
        try (OffsetIndex ours = OffsetIndex.openReadOnly(file, base)) {
            kafka.sanityCheck();
            ours.sanityCheck();
            assertEquals(entries, kafka.entries());
            assertEquals(entries, ours.entries());
            assertEquals(kafka.lastOffset(), ours.lastOffset());
            for (int i = 0; i < entries; i++) {
                assertEquals(kafka.entry(i), kafka(ours.entry(i)), "entry " + i);
            }
            for (long target : targets) {
                assertEquals(kafka.lookup(target), kafka(ours.lookup(target)), "lookup " + target);
            }
        } finally {
            kafka.close(); // 4.4: unmaps only, never trims
        }
    }

    private static void assertOffsetTruncationAgrees(Path d, Path source, long base, long target) throws IOException {
        Path ours = Files.copy(source, d.resolve("ours-truncated.index"));
        Path theirs = Files.copy(source, d.resolve("kafka-truncated.index"));
        try (OffsetIndex index = OffsetIndex.open(ours, base, 1 << 20)) {
            index.truncateTo(target);
        }
        var kafka = new org.apache.kafka.storage.internals.log.OffsetIndex(theirs.toFile(), base, 1 << 20);
        kafka.truncateTo(target);
        kafka.trimToValidSize();
        kafka.close();
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "truncateTo " + target);
    }

    private static OffsetPosition kafka(dev.varve.engine.log.OffsetPosition entry) {
        return new OffsetPosition(entry.offset(), entry.position());
    }

    @Test
    void timeIndexShouldBeByteIdenticalToKafkasAndReadTheSameBothWays() {
        qt().withExamples(EXAMPLES)
                .forAll(longs().between(0, 1L << 40), lists().of(integers().between(0, 1 << 20)).ofSizeBetween(0, 2100),
                        longs().all())
                .checkAssert((base, gaps, seed) -> io(() -> {
                    Path d = exampleDir();
                    List<long[]> entries = timeEntries(base, gaps, seed);
                    int maxIndexSize = (entries.size() + 2) * TimeIndexDescriptor.ENTRY_SIZE + 7;
                    Path ours = d.resolve("ours.timeindex");
                    Path theirs = d.resolve("kafka.timeindex");
                    long[] finalEntry = entries.isEmpty() ? new long[] {1_600_000_000_000L, base} : entries.get(entries.size() - 1).clone();
                    finalEntry[0]++;
                    try (TimeIndex index = TimeIndex.open(ours, base, maxIndexSize)) {
                        entries.forEach(e -> index.maybeAppend(e[0], e[1], false));
                        index.maybeAppend(finalEntry[0], finalEntry[1], true); // the roll-time entry, in the kept slot
                    }
                    var kafka = new org.apache.kafka.storage.internals.log.TimeIndex(theirs.toFile(), base, maxIndexSize);
                    entries.forEach(e -> kafka.maybeAppend(e[0], e[1], false));
                    kafka.maybeAppend(finalEntry[0], finalEntry[1], true);
                    kafka.trimToValidSize();
                    kafka.close();
                    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));

                    List<Long> timestamps = entries.stream().map(e -> e[0]).toList();
                    long[] targets = targets(1_600_000_000_000L, finalEntry[0], timestamps, seed);
                    assertTimeIndexesAgree(ours, base, entries.size() + 1, targets);
                    assertTimeIndexesAgree(theirs, base, entries.size() + 1, targets);
                    // Kafka keeps an entry whose offset equals the target when that offset is repeated
                    // (its binary search stops at any equal entry); ours removes them all, as documented.
                    // Compare only at offsets that are not repeated.
                    List<Long> offsets = new ArrayList<>(entries.stream().map(e -> e[1]).toList());
                    offsets.add(finalEntry[1]);
                    long cut = offsets.get(new SplittableRandom(seed).nextInt(offsets.size()));
                    for (long target : new long[] {cut, cut + 1, base}) {
                        if (offsets.stream().filter(o -> o == target).count() <= 1) {
                            assertTimeTruncationAgrees(d, ours, base, target);
                        }
                    }
                }));
    }

    private static void assertTimeIndexesAgree(Path file, long base, int entries, long[] targets) throws IOException {
        var kafka = new org.apache.kafka.storage.internals.log.TimeIndex(file.toFile(), base, -1, false);
        try (TimeIndex ours = TimeIndex.openReadOnly(file, base)) {
            kafka.sanityCheck();
            ours.sanityCheck();
            assertEquals(entries, kafka.entries());
            assertEquals(entries, ours.entries());
            assertEquals(kafka.lastEntry(), kafka(ours.lastEntry()));
            for (int i = 0; i < entries; i++) {
                assertEquals(kafka.entry(i), kafka(ours.entry(i)), "entry " + i);
            }
            for (long target : targets) {
                assertEquals(kafka.lookup(target), kafka(ours.lookup(target)), "lookup " + target);
            }
        } finally {
            kafka.close(); // 4.4: unmaps only, never trims
        }
    }

    private static void assertTimeTruncationAgrees(Path d, Path source, long base, long target) throws IOException {
        Path ours = d.resolve("ours-truncated.timeindex");
        Path theirs = d.resolve("kafka-truncated.timeindex");
        Files.copy(source, ours, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source, theirs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (TimeIndex index = TimeIndex.open(ours, base, 1 << 20)) {
            index.truncateTo(target);
        }
        var kafka = new org.apache.kafka.storage.internals.log.TimeIndex(theirs.toFile(), base, 1 << 20);
        kafka.truncateTo(target);
        kafka.trimToValidSize();
        kafka.close();
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "truncateTo " + target);
    }

    private static TimestampOffset kafka(TimeIndexEntry entry) {
        return new TimestampOffset(entry.timestamp(), entry.offset());
    }

    // ---- crash-y files, read by both sides

    @Test
    void untrimmedIndexesShouldCountTheirWholeFileOnBothSides() throws IOException {
        Path offsets = dir.resolve("00000000000000000100.index");
        Path times = dir.resolve("00000000000000000100.timeindex");
        var kafkaOffsets = new org.apache.kafka.storage.internals.log.OffsetIndex(offsets.toFile(), 100, 80);
        var kafkaTimes = new org.apache.kafka.storage.internals.log.TimeIndex(times.toFile(), 100, 120);
        for (int i = 1; i <= 3; i++) {
            kafkaOffsets.append(100 + 10 * i, 100 * i);
            kafkaTimes.maybeAppend(1000L * i, 100 + 10 * i);
        }
        kafkaOffsets.flush();
        kafkaTimes.flush();
        kafkaOffsets.close(); // in 4.4 close() only unmaps: the files stay preallocated, as after a crash
        kafkaTimes.close();

        var kafkaOffsetsAgain = new org.apache.kafka.storage.internals.log.OffsetIndex(offsets.toFile(), 100, -1, false);
        var kafkaTimesAgain = new org.apache.kafka.storage.internals.log.TimeIndex(times.toFile(), 100, -1, false);
        try (OffsetIndex ourOffsets = OffsetIndex.openReadOnly(offsets, 100);
                TimeIndex ourTimes = TimeIndex.openReadOnly(times, 100)) {
            assertEquals(10, kafkaOffsetsAgain.entries());
            assertEquals(10, ourOffsets.entries());
            for (int i = 0; i < 10; i++) {
                assertEquals(kafkaOffsetsAgain.entry(i), kafka(ourOffsets.entry(i)));
                assertEquals(kafkaTimesAgain.entry(i), kafka(ourTimes.entry(i)));
            }
            assertEquals(kafkaOffsetsAgain.lastOffset(), ourOffsets.lastOffset());
            assertEquals(100, ourOffsets.lastOffset()); // the zero tail reads as (base, 0)
            kafkaOffsetsAgain.sanityCheck(); // neither side can see the damage in an offset index
            ourOffsets.sanityCheck();
            assertEquals(10, kafkaTimesAgain.entries());
            assertEquals(10, ourTimes.entries());
            assertThrows(org.apache.kafka.storage.internals.log.CorruptIndexException.class, kafkaTimesAgain::sanityCheck);
            assertThrows(CorruptIndexException.class, ourTimes::sanityCheck);
        } finally {
            kafkaOffsetsAgain.close(); // 4.4: unmaps only, never trims
            kafkaTimesAgain.close(); // 4.4: unmaps only, never trims
        }
    }

    @Test
    void trimmedIndexesShouldCountOnlyTheirValidEntriesOnBothSides() throws IOException {
        Path offsets = dir.resolve("00000000000000000100.index");
        try (OffsetIndex index = OffsetIndex.open(offsets, 100, 80)) {
            for (int i = 1; i <= 3; i++) {
                index.append(100 + 10 * i, 100 * i);
            }
        } // our close() trims
        var kafka = new org.apache.kafka.storage.internals.log.OffsetIndex(offsets.toFile(), 100, -1, false);
        try {
            assertEquals(3, kafka.entries());
            assertEquals(130, kafka.lastOffset());
            assertEquals(new OffsetPosition(130, 300), kafka.lookup(1000));
        } finally {
            kafka.close(); // 4.4: unmaps only, never trims
        }
    }

    @Test
    void ourUntrimmedIndexShouldReadOnKafkaAsTheWholeFile() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");
        byte[] crashed;
        try (OffsetIndex index = OffsetIndex.open(file, 0, 800)) {
            index.append(5, 0);
            index.append(9, 4200);
            index.flush();
            crashed = Files.readAllBytes(file);
        }
        assertEquals(16, Files.size(file));
        Files.write(file, crashed);
        var kafka = new org.apache.kafka.storage.internals.log.OffsetIndex(file.toFile(), 0, -1, false);
        try {
            assertEquals(100, kafka.entries());
            assertEquals(new OffsetPosition(9, 4200), kafka.entry(1));
            assertEquals(new OffsetPosition(0, 0), kafka.entry(2));
        } finally {
            kafka.close(); // 4.4: unmaps only, never trims
        }
    }

    @Test
    void garbageIndexLengthShouldFailSanityCheckOnBothSides() throws IOException {
        Path offsets = dir.resolve("00000000000000000000.index");
        Path times = dir.resolve("00000000000000000000.timeindex");
        try (OffsetIndex index = OffsetIndex.open(offsets, 0, 800); TimeIndex timeIndex = TimeIndex.open(times, 0, 1200)) {
            index.append(3, 0);
            timeIndex.maybeAppend(10, 3, false);
        }
        Files.write(offsets, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        Files.write(times, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, StandardOpenOption.APPEND);
        var kafkaOffsets = new org.apache.kafka.storage.internals.log.OffsetIndex(offsets.toFile(), 0, -1, false);
        var kafkaTimes = new org.apache.kafka.storage.internals.log.TimeIndex(times.toFile(), 0, -1, false);
        try (OffsetIndex ourOffsets = OffsetIndex.openReadOnly(offsets, 0); TimeIndex ourTimes = TimeIndex.openReadOnly(times, 0)) {
            assertEquals(kafkaOffsets.entries(), ourOffsets.entries());
            assertEquals(kafkaTimes.entries(), ourTimes.entries());
            assertThrows(org.apache.kafka.storage.internals.log.CorruptIndexException.class, kafkaOffsets::sanityCheck);
            assertThrows(CorruptIndexException.class, ourOffsets::sanityCheck);
            assertThrows(org.apache.kafka.storage.internals.log.CorruptIndexException.class, kafkaTimes::sanityCheck);
            assertThrows(CorruptIndexException.class, ourTimes::sanityCheck);
        } finally {
            kafkaOffsets.close(); // 4.4: unmaps only, never trims
            kafkaTimes.close(); // 4.4: unmaps only, never trims
        }
    }
}
