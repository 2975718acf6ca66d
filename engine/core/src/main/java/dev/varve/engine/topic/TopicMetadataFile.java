package dev.varve.engine.topic;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogStorageException;
import dev.varve.engine.log.DurableFile;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The on-disk format of one topic's metadata: {@code <data>/__varve_topics/<topic>.properties}, UTF-8
 * text in {@link Properties} syntax, written whole by {@link DurableFile#replace} so a crash leaves
 * the old file or the new one, never a torn mix. Keys, in the order written:
 * <pre>
 * # Varve topic metadata
 * format.version=1                 this layout; a reader refuses any other
 * topic=orders                     must equal the file name without .properties
 * partitions=3                     at least 1; partitions are 0..partitions-1
 * state=live                       live, or deleting once a delete has begun (the next open finishes it)
 * config.retention.ms=86400000     one line per override, Kafka's config name after "config.", sorted
 * checksum=1a2b3c4d                CRC-32C (hex) of every byte before this line; the last line
 * </pre>
 * Topic names are {@code [a-zA-Z0-9._-]}, so the file name needs no escaping; validated configs hold
 * no characters that need escaping either.
 *
 * <p>Reading is strict, so that a damaged file is refused rather than read as another topic: invalid
 * UTF-8, an unknown key, a missing one, a bad value or a checksum that does not match is a
 * {@link CorruptTopicMetadataException} naming the file. A file without the checksum line (written before
 * it existed) is read without it. A single changed byte is therefore always refused, except in the
 * comment line or where it turns a line into a comment (then the file still holds its checksum line, or
 * the changed line was the checksum line, so everything else is intact). Stateless.
 */
public final class TopicMetadataFile {
    /** The folder under the data directory that holds the files. */
    public static final String DIRECTORY = "__varve_topics";
    /** The suffix of every metadata file. */
    public static final String SUFFIX = ".properties";
    static final int FORMAT_VERSION = 1;
    private static final String CONFIG_PREFIX = "config.";
    private static final String CHECKSUM = "checksum";
    private static final Set<String> KEYS = Set.of("format.version", "topic", "partitions", "state");

    private TopicMetadataFile() {
    }

    /** The file holding {@code topic}'s metadata under {@code directory} (the {@link #DIRECTORY} folder). */
    public static Path fileOf(Path directory, String topic) {
        return directory.resolve(topic + SUFFIX);
    }

    /** The topic a metadata file is named after, or null when {@code fileName} is not one. */
    public static String topicOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
            return null;
        }
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }

    /** Replaces {@code topic}'s file under {@code directory} with {@code metadata}, durably. */
    public static void write(Path directory, TopicMetadata metadata) {
        DurableFile.replace(fileOf(directory, metadata.name()), format(metadata).getBytes(StandardCharsets.UTF_8));
    }

    /** The file's text for {@code metadata}. */
    static String format(TopicMetadata metadata) {
        StringBuilder text = new StringBuilder(128)
                .append("# Varve topic metadata\n")
                .append("format.version=").append(FORMAT_VERSION).append('\n')
                .append("topic=").append(metadata.name()).append('\n')
                .append("partitions=").append(metadata.partitions()).append('\n')
                .append("state=").append(metadata.deleting() ? "deleting" : "live").append('\n');
        for (Map.Entry<String, String> override : metadata.config().overrides().entrySet()) {
            text.append(CONFIG_PREFIX).append(override.getKey()).append('=').append(override.getValue()).append('\n');
        }
        String checksum = checksum(text.toString());
        return text.append(CHECKSUM).append('=').append(checksum).append('\n').toString();
    }

    /**
     * Reads a metadata file back.
     *
     * @throws CorruptTopicMetadataException when the file is not what {@link #write} writes
     * @throws LogStorageException when it cannot be read
     */
    public static TopicMetadata read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LogStorageException("read topic metadata", file.toString(), e);
        }
        return parse(file, bytes);
    }

    /**
     * Reads {@code bytes} as the content of the metadata file {@code file} (for tests and tools).
     *
     * @throws CorruptTopicMetadataException when the bytes are not what {@link #write} writes
     */
    public static TopicMetadata parse(Path file, byte[] bytes) {
        String expectedTopic = topicOf(file.getFileName().toString());
        try {
            return properties(verified(utf8(file, bytes)), expectedTopic);
        } catch (IllegalArgumentException | IOException e) {
            throw new CorruptTopicMetadataException(file.toString(), e.getMessage(), e);
        }
    }

    /** {@code bytes} as UTF-8 text, or a corruption naming the first byte that is not UTF-8 and its position. */
    private static String utf8(Path file, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            throw new CorruptTopicMetadataException(file.toString(), String.format(
                    "not UTF-8 text: byte 0x%02x at position %d", bytes[in.position()] & 0xff, in.position()), null);
        }
        return out.flip().toString();
    }

    /** {@code text} without its checksum line, once the checksum matches; a file without one as it is. */
    private static String verified(String text) {
        int newline = text.lastIndexOf("\n" + CHECKSUM + "=");
        if (newline < 0) {
            return text; // then a checksum key anywhere else is an unknown key
        }
        int line = newline + 1;
        String body = text.substring(0, line);
        String stored = text.substring(line + CHECKSUM.length() + 1);
        String expected = checksum(body) + "\n";
        if (!stored.equals(expected)) {
            throw new IllegalArgumentException("checksum mismatch: stored='" + stored.strip() + "', computed="
                    + expected.strip() + " (or the checksum line is not the last)");
        }
        return body;
    }

    private static String checksum(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private static TopicMetadata properties(String text, String expectedTopic) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key) && !key.startsWith(CONFIG_PREFIX)) {
                throw new IllegalArgumentException("unknown key '" + key + "'");
            }
        }
        String version = required(properties, "format.version");
        if (!version.equals(String.valueOf(FORMAT_VERSION))) {
            throw new IllegalArgumentException("format.version=" + version + ", expected " + FORMAT_VERSION);
        }
        String topic = required(properties, "topic");
        if (!topic.equals(expectedTopic)) {
            throw new IllegalArgumentException("topic=" + topic + " does not match the file name's " + expectedTopic);
        }
        int partitions = Integer.parseInt(required(properties, "partitions"));
        String state = required(properties, "state");
        if (!state.equals("live") && !state.equals("deleting")) {
            throw new IllegalArgumentException("state=" + state + ", expected live or deleting");
        }
        Map<String, String> overrides = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(CONFIG_PREFIX)) {
                overrides.put(key.substring(CONFIG_PREFIX.length()), properties.getProperty(key));
            }
        }
        return new TopicMetadata(topic, partitions, LogConfig.of(overrides), state.equals("deleting"));
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value.trim();
    }
}
