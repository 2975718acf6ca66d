package dev.varve.properties.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.CleanShutdownMarker;
import dev.varve.engine.log.CorruptCheckpointException;
import dev.varve.engine.log.OffsetCheckpointFile;
import dev.varve.engine.topic.CorruptTopicMetadataException;
import dev.varve.engine.topic.TopicMetadata;
import dev.varve.engine.topic.TopicMetadataFile;
import dev.varve.replication.LeaderEpochCheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: every byte of every checkpoint and topic metadata file of a {@link MetadataDirectory}, set to
 * every other value (255 per byte) in the offset and leader-epoch checkpoints; in the clean-shutdown marker
 * and the topic metadata files the 8 one-bit flips of every byte by default, every value under
 * {@code -Pdeep}. Each damaged file is first read by its own reader, which sorts the flips
 * into classes by what a reader can see of them: refused (a corrupt checkpoint or metadata file), read as
 * the same content, or read as other content (for the offset checkpoints, only entries of partitions that
 * exist count). Flips of one class look the same to everything that opens the directory, so one flip of each
 * class is reopened and judged in full ({@link MetadataFlipTrials#flip}); every class of every file is,
 * unless it has more than {@code varve.property.examples / 50} classes (4 by default: then classes spread
 * evenly are, the first always; 100 under {@code -Pdeep}, which covers every class). Topic metadata flips must never read as other
 * content (the checksum). Prints the counts; a failure names the file, position and value.
 */
class MetadataFileExhaustiveFlipTest {
    private static final int EXAMPLES = Integer.getInteger("varve.property.examples", 200);
    private static final int REOPENS_PER_FILE = Math.max(1, EXAMPLES / 50);
    /** Every value of every byte under {@code -Pdeep}; by default only the 8 one-bit flips of the larger files. */
    private static final boolean EVERY_VALUE_OF_EVERY_FILE = EXAMPLES >= 1000;
    private static final java.util.Set<TopicPartition> PARTITIONS = java.util.Set.of(new TopicPartition("plain", 0),
            new TopicPartition("plain", 1), new TopicPartition("compacted", 0), MetadataDirectory.EPOCHS_PARTITION);

    @TempDir
    static Path root;
    private static MetadataFlipTrials trials;

    @BeforeAll
    static void buildOnce() {
        trials = new MetadataFlipTrials(root.resolve("trials"));
    }

    @Test
    void shouldDetectOrShrugOffEveryByteOfEveryCheckpoint() {
        for (MetadataFileKind kind : MetadataFileKind.CHECKPOINTS) {
            flipEveryByte(kind);
        }
    }

    @Test
    void shouldRefuseEveryTopicMetadataFlipThatChangesWhatItSays() {
        for (MetadataFileKind kind : MetadataFileKind.values()) {
            if (!MetadataFileKind.CHECKPOINTS.contains(kind)) {
                Map<String, int[]> classes = flipEveryByte(kind);
                assertTrue(classes.keySet().stream().allMatch(key -> key.equals("refused") || key.equals("same")),
                        kind + ": a flip read as other content: " + classes.keySet());
            }
        }
    }

    /** Flips every byte of the {@code kind} file to every other value; returns each class's first flip and size. */
    private Map<String, int[]> flipEveryByte(MetadataFileKind kind) {
        byte[] pristine = trials.pristineBytes(kind);
        String same = contentOf(kind, pristine);
        Map<String, int[]> classes = new LinkedHashMap<>(); // class -> {position, value, count}
        boolean everyValue = EVERY_VALUE_OF_EVERY_FILE || MetadataFileKind.OFFSET_AND_EPOCH_CHECKPOINTS.contains(kind);
        int flips = 0;
        for (int position = 0; position < pristine.length; position++) {
            for (int value = 0; value < 256; value++) {
                if (value == (pristine[position] & 0xFF) || !everyValue && Integer.bitCount(value ^ (pristine[position] & 0xFF)) != 1) {
                    continue;
                }
                flips++;
                byte[] bytes = pristine.clone();
                bytes[position] = (byte) value;
                String content = contentOf(kind, bytes);
                String key = content.equals(same) ? "same" : content;
                int[] seen = classes.computeIfAbsent(key, k -> new int[3]);
                if (seen[2]++ == 0) {
                    seen[0] = position;
                    seen[1] = value;
                }
            }
        }
        Map<FlipVerdict, Integer> verdicts = new TreeMap<>();
        int reopened = 0;
        int index = 0;
        int stride = Math.max(1, (classes.size() + REOPENS_PER_FILE - 1) / REOPENS_PER_FILE);
        Map<String, Integer> flipsByVerdict = new TreeMap<>();
        for (Map.Entry<String, int[]> entry : classes.entrySet()) {
            int[] flip = entry.getValue();
            if (index++ % stride == 0) {
                FlipVerdict verdict = trials.flip(kind, flip[0], flip[1]);
                verdicts.merge(verdict, 1, Integer::sum);
                flipsByVerdict.merge(entry.getKey().equals("refused") ? "refused and " + verdict : verdict.toString(), flip[2], Integer::sum);
                reopened++;
            } else {
                flipsByVerdict.merge("not reopened", flip[2], Integer::sum);
            }
        }
        assertEquals(flips, classes.values().stream().mapToInt(c -> c[2]).sum());
        System.out.println("exhaustive flips of " + kind + ": bytes=" + pristine.length + ", flips=" + flips
                + (everyValue ? " (every value)" : " (one-bit)")
                + ", refused=" + count(classes, "refused") + ", readAsSame=" + count(classes, "same")
                + ", readAsOther=" + (flips - count(classes, "refused") - count(classes, "same"))
                + ", classes=" + classes.size() + ", classesReopened=" + reopened + ", verdicts=" + verdicts
                + ", flipsByVerdict=" + flipsByVerdict);
        return classes;
    }

    private static int count(Map<String, int[]> classes, String key) {
        int[] seen = classes.get(key);
        return seen == null ? 0 : seen[2];
    }

    /** What the kind's own reader makes of {@code bytes}: "refused", or a description of the content. */
    private static String contentOf(MetadataFileKind kind, byte[] bytes) {
        Path file = kind.in(root);
        try {
            return switch (kind) {
                case RECOVERY_POINT, LOG_START, CLEANER_OFFSET -> existing(new OffsetCheckpointFile(file).parse(bytes));
                case LEADER_EPOCH -> new LeaderEpochCheckpointFile(file.getParent()).parse(bytes).toString();
                case CLEAN_SHUTDOWN_MARKER -> "present, brokerEpoch=" + brokerEpoch(bytes);
                default -> metadata(TopicMetadataFile.parse(file, bytes));
            };
        } catch (CorruptCheckpointException | CorruptTopicMetadataException e) {
            return "refused";
        }
    }

    /** The marker's content as {@link CleanShutdownMarker#brokerEpoch} reads it (the engine reads only its presence). */
    private static String brokerEpoch(byte[] bytes) {
        Path scratch = root.resolve("marker");
        try {
            Files.createDirectories(scratch);
            Files.write(scratch.resolve(CleanShutdownMarker.FILE_NAME), bytes);
            return new CleanShutdownMarker(scratch).brokerEpoch().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String existing(Map<TopicPartition, Long> offsets) {
        Map<String, Long> kept = new TreeMap<>();
        offsets.forEach((partition, offset) -> {
            if (PARTITIONS.contains(partition)) {
                kept.put(partition.toString(), offset);
            }
        });
        return kept.toString();
    }

    private static String metadata(TopicMetadata metadata) {
        return metadata.name() + "/" + metadata.partitions() + "/" + metadata.deleting() + "/" + metadata.config().overrides();
    }
}
