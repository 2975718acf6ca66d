package dev.varve.replication;

/**
 * How a replica that becomes a follower finds where its log stops agreeing with the new leader's
 * ({@code replica.truncation.protocol}).
 */
public enum TruncationProtocol {
    /**
     * Kafka since 0.11 (KIP-101) and 2.0 (KIP-279): ask the leader where the follower's latest epoch ends
     * (OffsetsForLeaderEpoch), truncate there, and repeat with the next lower epoch until the leader knows
     * the epoch. The default: the high watermark is never used for truncation.
     */
    LEADER_EPOCH("leader-epoch"),
    /**
     * Kafka before KIP-101, kept as a witness: truncate to the local high watermark, which may lag the
     * leader's, and fetch from there. Loses acknowledged records (KIP-101's scenarios); never use it but to
     * show that the checks catch it.
     */
    HIGH_WATERMARK("high-watermark");

    private final String configValue;

    TruncationProtocol(String configValue) {
        this.configValue = configValue;
    }

    /** The value of {@code replica.truncation.protocol} that selects it. */
    public String configValue() {
        return configValue;
    }

    /** The protocol named {@code value}. */
    public static TruncationProtocol of(String value) {
        for (TruncationProtocol protocol : values()) {
            if (protocol.configValue.equals(value)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown replica.truncation.protocol: value=" + value
                + ", expected=leader-epoch|high-watermark");
    }
}
