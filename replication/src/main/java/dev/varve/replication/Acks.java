package dev.varve.replication;

/** A producer's {@code acks}: when the leader answers a produce request. */
public enum Acks {
    /** acks=0: no answer at all; the producer learns nothing. */
    NONE(0),
    /** acks=1: after the leader's local append; says nothing about replication. */
    LEADER(1),
    /** acks=all (-1): once the high watermark passes the records, with the ISR at min.insync.replicas or more. */
    ALL(-1);

    private final int value;

    Acks(int value) {
        this.value = value;
    }

    /** Kafka's value of {@code acks}: 0, 1 or -1. */
    public int value() {
        return value;
    }

    /** The setting named as Kafka's producer config reads it: "0", "1", "all" or "-1". */
    public static Acks of(String text) {
        return switch (text) {
            case "0" -> NONE;
            case "1" -> LEADER;
            case "all", "-1" -> ALL;
            default -> throw new IllegalArgumentException("acks must be 0, 1 or all: acks=" + text);
        };
    }

    @Override
    public String toString() {
        return this == ALL ? "all" : String.valueOf(value);
    }
}
