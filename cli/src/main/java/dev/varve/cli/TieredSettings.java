package dev.varve.cli;

import dev.varve.cli.s3.S3ServeCommand;
import dev.varve.tiered.s3.S3StoreConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The tiered-storage configs the command line runs with, later sources overriding earlier ones:
 * <ol>
 *   <li>the embedded default: the server {@code varve s3 serve} starts with its defaults (127.0.0.1:9090,
 *       bucket {@code varve}, its development credentials), so the demo needs no configuration, with
 *       requests of at most 10 s and the store's retry budget ({@code remote.storage.s3.retry.max.duration.ms},
 *       60 s), so a restart of the server in the middle of a run costs a wait, not a failed run;</li>
 *   <li>{@code <data>/}{@value #FILE_NAME}, a properties file, if present;</li>
 *   <li>{@code --config name=value} options.</li>
 * </ol>
 * Setting {@code remote.storage.s3.access.key.id} to an empty value drops the static credentials, so the AWS
 * SDK's default chain (environment, profile, instance role) applies. Immutable.
 */
public final class TieredSettings {
    /** The optional properties file in the data directory. */
    public static final String FILE_NAME = "tiered.properties";

    private TieredSettings() {
    }

    /**
     * The merged configs for {@code dataDirectory} with {@code overrides} ({@code name=value} texts).
     *
     * @throws CliException for an override without '=' or an unreadable properties file
     */
    public static Map<String, String> configs(Path dataDirectory, List<String> overrides) {
        Map<String, String> configs = new LinkedHashMap<>(S3ServeCommand.configs(
                Integer.parseInt(S3ServeCommand.DEFAULT_PORT), S3ServeCommand.DEFAULT_BUCKET));
        configs.put(S3StoreConfig.API_CALL_ATTEMPT_TIMEOUT_MS, "10000");
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new CliException(CliException.DATA_ERROR, file + ": cannot be read: " + e.getMessage(), e);
            }
            properties.stringPropertyNames().forEach(name -> configs.put(name, properties.getProperty(name).trim()));
        }
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new CliException(CliException.USAGE_ERROR, "--config expects name=value, not '" + override + "'");
            }
            configs.put(override.substring(0, equals).trim(), override.substring(equals + 1).trim());
        }
        if (configs.getOrDefault(S3StoreConfig.ACCESS_KEY_ID, "").isEmpty()) {
            configs.remove(S3StoreConfig.ACCESS_KEY_ID);
            configs.remove(S3StoreConfig.SECRET_ACCESS_KEY);
        }
        return configs;
    }
}
