package dev.varve.replication.sim;

/** An invariant that failed: after which step, which invariant (see {@link Invariants}), and the evidence. */
public record Violation(long step, String invariant, String detail) {
    @Override
    public String toString() {
        return "VIOLATION " + invariant + " after step #" + step + ": " + detail;
    }
}
