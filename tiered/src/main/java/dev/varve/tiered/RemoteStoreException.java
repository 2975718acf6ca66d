package dev.varve.tiered;

import dev.varve.engine.api.VarveException;
import java.util.Objects;

/**
 * Root of what a {@link RemoteStore} throws: one subtype per cause a caller can act on, each carrying the
 * object key and the operation ({@code put}, {@code read}, {@code head}, {@code delete}, {@code list}).
 * Messages read {@code what happened: operation=put, key=..., detail}.
 */
public abstract class RemoteStoreException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String key;

    protected RemoteStoreException(String what, String operation, String key, String detail, Throwable cause) {
        super(what + ": operation=" + operation + ", key=" + key + (detail == null ? "" : ", " + detail), cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The operation that failed. */
    public String operation() {
        return operation;
    }

    /** The object key (for a listing, the prefix). */
    public String key() {
        return key;
    }
}
