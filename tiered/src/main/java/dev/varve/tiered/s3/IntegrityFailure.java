package dev.varve.tiered.s3;

/**
 * An answer whose bytes are not what was asked for (a short body, a wrong range, a digest the store
 * refused): retried, since transports do drop and damage data, and reported as
 * {@link dev.varve.tiered.RemoteObjectCorruptException} once retries run out.
 */
final class IntegrityFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final long position;

    IntegrityFailure(long position, String message) {
        super(message, null, false, false);
        this.position = position;
    }

    /** Byte position in the object where the failed range starts. */
    long position() {
        return position;
    }
}
