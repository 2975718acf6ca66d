package dev.varve.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version lines of {@code varve version} and {@code varve --version}: the project version,
 * generated into {@code dev/varve/cli/version.properties} at build time, and the JVM running it.
 */
public final class VersionInfo implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /** The project version this build was made from, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return fallbackVersion();
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            return version == null || version.startsWith("${") ? fallbackVersion() : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static String fallbackVersion() {
        String fromManifest = VersionInfo.class.getPackage().getImplementationVersion();
        return fromManifest == null ? "unknown" : fromManifest;
    }

    /** The JVM's version, vendor and name, e.g. {@code java 17.0.15 (Debian, OpenJDK 64-Bit Server VM)}. */
    public static String jvm() {
        return "java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"varve " + version(), jvm()};
    }
}
