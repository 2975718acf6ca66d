package dev.varve.properties.faults;

import dev.varve.engine.fault.Faults;
import java.util.List;

/**
 * One run of the failed-write property: the log's cleanup policy, the steps, the fault armed before
 * the first step, and whether the run ends in a power loss (else a close). Printed as the shrunk case.
 */
record FaultScenario(boolean compact, List<Step> steps, Fault fault, boolean powerLoss, long powerLossSeed) {

    /** The classes of fault the issue names. */
    enum FaultClass {
        ENOSPC, EFBIG, EIO, SHORT_WRITE, FAILING_FSYNC;

        Faults.Kind kind() {
            return switch (this) {
                case ENOSPC -> Faults.Kind.ENOSPC;
                case EFBIG -> Faults.Kind.EFBIG;
                case EIO, FAILING_FSYNC -> Faults.Kind.EIO;
                case SHORT_WRITE -> Faults.Kind.SHORT_WRITE;
            };
        }
    }

    /** The fault: its class, the operation it fails (always an fsync for a failing fsync), which one, and whether it persists. */
    record Fault(FaultClass type, Faults.Op op, int nth, boolean sticky) {
        @Override
        public String toString() {
            return type + " at " + op + " #" + nth + (sticky ? " and after" : "");
        }
    }

    /** One step of the workload. */
    sealed interface Step permits Append, Roll, Flush, Clean, Retention {
    }

    /** Appends {@code batches} batches of {@code records} keyed records each, in one call. */
    record Append(int batches, int records) implements Step {
    }

    record Roll() implements Step {
    }

    record Flush() implements Step {
    }

    /** A pass of the log cleaner (a compacted log) or none (a deleting one). */
    record Clean() implements Step {
    }

    /** The engine's retention check. */
    record Retention() implements Step {
    }
}
