package dev.varve.cli.produce;

/**
 * Chooses a record's partition as Kafka's default partitioner does for a keyed record
 * ({@code toPositive(murmur2(key)) % partitions}); a record without a key sticks to one partition until
 * that partition's batch is sent, then the next partition in turn takes over (Kafka's sticky
 * partitioner picks the next one at random, weighted by queue sizes; round robin keeps runs
 * reproducible). A fixed partition, when given, takes every record. Not thread-safe.
 */
final class Partitioner {
    private final int partitions;
    private final int fixed;
    private int sticky;

    /** A partitioner over {@code partitions} partitions; {@code fixed >= 0} sends everything there. */
    Partitioner(int partitions, int fixed) {
        this.partitions = partitions;
        this.fixed = fixed;
    }

    int partition(byte[] key) {
        if (fixed >= 0) {
            return fixed;
        }
        return key == null ? sticky : Murmur2.toPositive(Murmur2.hash(key)) % partitions;
    }

    /** Called when {@code partition}'s batch was sent: null keys move on to the next partition. */
    void batchSent(int partition) {
        if (partition == sticky) {
            sticky = (sticky + 1) % partitions;
        }
    }
}
