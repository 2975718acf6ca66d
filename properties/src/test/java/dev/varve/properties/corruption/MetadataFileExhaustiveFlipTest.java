package dev.varve.properties.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.fault.LogCapture;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: every byte of every checkpoint, checkpoint twin and topic metadata file of a
 * {@link MetadataDirectory}, set to every other value (255 per byte) in the offset checkpoints and the
 * leader-epoch checkpoint; in the offset checkpoints' {@code .varve} twins, the clean-shutdown marker and the
 * topic metadata files the 8 one-bit flips of every byte by default, every value under {@code -Pdeep}. Each damaged file
 * is first read by its own format's reader, which sorts the flips into classes by what a reader can see of
 * them: refused (a corrupt checkpoint or metadata file), read as the same content, or read as other content
 * (for the offset checkpoints, only entries of partitions that exist count; this is what Kafka, which has no
 * twin, would read). A twin has no reader of its own: its flips are classed by the field of its layout they
 * hit. One flip of each class is reopened and judged in full ({@link MetadataFlipTrials#flip}); every class
 * of every file is, unless it has more than {@code varve.property.examples / 50} classes (4 by default: then
 * classes spread evenly are, the first always; 100 under {@code -Pdeep}, which covers every class).
 *
 * <p>Every flip of an offset checkpoint or twin is also read as Varve reads it, next to its intact partner
 * ({@code OffsetCheckpointFile#read}): each must be detected (a warning) and read as exactly the pristine
 * offsets, so no flip of {@code log-start-offset-checkpoint} moves a log start. Topic metadata flips must
 * never read as other content (the checksum). Prints the counts; a failure names the file, position and value.
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
    /** The warnings of {@code OffsetCheckpointFile}, kept from the console (one per detected flip). */
    private static LogCapture checkpointLog;

    @BeforeAll
    static void buildOnce() {
        trials = new MetadataFlipTrials(root.resolve("trials"));
        checkpointLog = LogCapture.of(OffsetCheckpointFile.class);
    }

    @AfterAll
    static void restoreLogging() {
        checkpointLog.close();
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
        VarveReads varve = MetadataFileKind.OFFSET_CHECKPOINTS_AND_TWINS.contains(kind) ? new VarveReads(kind) : null;
        int flips = 0;
        for (int position = 0; position < pristine.length; position++) {
            for (int value = 0; value < 256; value++) {
                if (value == (pristine[position] & 0xFF) || !everyValue && Integer.bitCount(value ^ (pristine[position] & 0xFF)) != 1) {
                    continue;
                }
                flips++;
                byte[] bytes = pristine.clone();
                bytes[position] = (byte) value;
                String content = kind.isTwin() ? twinField(position, bytes.length) : contentOf(kind, bytes);
                String key = content.equals(same) ? "same" : content;
                if (varve != null) {
                    varve.read(bytes, position, value);
                }
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
                flipsByVerdict.merge(entry.getKey().startsWith("refused") ? "refused and " + verdict : verdict.toString(), flip[2], Integer::sum);
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
                + ", flipsByVerdict=" + flipsByVerdict + (varve == null ? "" : ", asVarveReads: " + varve));
        if (varve != null) {
            varve.restore();
            assertEquals(flips, varve.detectedAndExact, kind + ": every flip detected and read as the pristine offsets: " + varve);
        }
        return classes;
    }

    /** The flips of the class {@code key}, or of every class of that name with a detail in parentheses. */
    private static int count(Map<String, int[]> classes, String key) {
        return classes.entrySet().stream().filter(c -> c.getKey().equals(key) || c.getKey().startsWith(key + " ("))
                .mapToInt(c -> c.getValue()[2]).sum();
    }

    /**
     * The class of a twin flip: refused (the twin's checksum catches every changed byte, which {@link VarveReads}
     * checks), by the field of the layout (see {@code CheckpointSidecar}) that byte {@code position} of a
     * {@code size}-byte twin is in.
     */
    private static String twinField(int position, int size) {
        if (position >= size - 4) {
            return "refused (twin checksum)";
        }
        String field = position < 4 ? "magic" : position < 8 ? "content crc" : position < 9 ? "previous flag"
                : position < 13 ? "previous crc" : position < 17 ? "length" : "content copy";
        return "refused (twin " + field + ")";
    }

    /**
     * Every flip of an offset checkpoint or twin, read as Varve reads the pair: the damaged file written next
     * to its intact partner in a folder of its own, then {@code OffsetCheckpointFile#read}. Counts the flips
     * that were detected (a warning: the checkpoint's damage, or the twin's) and read as the pristine offsets;
     * fails on the first that was not.
     */
    private final class VarveReads {
        private final MetadataFileKind kind;
        private final Path dir;
        private final OffsetCheckpointFile checkpoint;
        private final String pristine;
        private int detectedAndExact;

        VarveReads(MetadataFileKind kind) {
            this.kind = kind;
            this.dir = root.resolve("varve-reads");
            try {
                Files.createDirectories(dir);
                Files.write(kind.in(dir), trials.pristineBytes(kind));
                Files.write(kind.pair().in(dir), trials.pristineBytes(kind.pair()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.checkpoint = new OffsetCheckpointFile((kind.isTwin() ? kind.pair() : kind).in(dir));
            this.pristine = existing(checkpoint.read());
        }

        void read(byte[] bytes, int position, int value) {
            checkpointLog.clear();
            String content;
            try {
                Files.write(kind.in(dir), bytes);
                content = existing(checkpoint.read());
            } catch (CorruptCheckpointException e) {
                content = "refused: " + e.getMessage();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String expected = kind.isTwin() ? "ignoring a damaged checkpoint twin" : "damaged checkpoint";
            List<String> warnings = checkpointLog.warnings();
            if (warnings.isEmpty() || !warnings.get(0).startsWith(expected) || !content.equals(pristine)) {
                throw new AssertionError(kind + ": position=" + position + ", value=" + value + " (was "
                        + (trials.pristineBytes(kind)[position] & 0xFF) + ") read by Varve as " + content + ", pristine "
                        + pristine + (warnings.isEmpty() ? ", undetected" : ", warning: " + warnings.get(0)));
            }
            detectedAndExact++;
        }

        void restore() {
            try {
                Files.write(kind.in(dir), trials.pristineBytes(kind));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "detectedAndReadAsPristine=" + detectedAndExact;
        }
    }

    /** What the kind's own reader makes of {@code bytes}: "refused", or a description of the content. */
    private static String contentOf(MetadataFileKind kind, byte[] bytes) {
        Path file = kind.in(root);
        try {
            return switch (kind) {
                case RECOVERY_POINT, LOG_START, CLEANER_OFFSET -> existing(new OffsetCheckpointFile(file).parse(bytes));
                case RECOVERY_POINT_TWIN, LOG_START_TWIN, CLEANER_OFFSET_TWIN -> "twin";
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
