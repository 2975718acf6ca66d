package dev.varve.properties.record;

/**
 * How many examples a property runs: {@code varve.property.examples} (200 by default, 5000 with
 * {@code -Pdeep}), divided for properties whose examples are expensive.
 */
final class Examples {
    private Examples() {
    }

    static int count() {
        return Integer.getInteger("varve.property.examples", 200);
    }

    /** The configured count over {@code divisor}, never below 10. */
    static int count(int divisor) {
        return Math.max(10, count() / divisor);
    }
}
