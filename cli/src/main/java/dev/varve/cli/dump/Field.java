package dev.varve.cli.dump;

import java.util.Objects;

/**
 * One named fact on a dump line. The value is a number, a boolean, a {@code String} (a name such
 * as a codec), a {@link Payload} (bytes of a key or value) or a list of {@link Header}s; each
 * {@link DumpFormat} renders these kinds its own way.
 */
public record Field(String name, Object value) {
    public Field {
        Objects.requireNonNull(name, "name");
    }
}
