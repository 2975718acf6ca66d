package dev.varve.cli.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Kafka's own Utils.murmur2 and BuiltInPartitioner as the oracle. */
class Murmur2Test {

    @Test
    void shouldHashEveryLengthAndByteExactlyAsKafka() {
        Random random = new Random(42);
        for (int length = 0; length <= 64; length++) {
            for (int trial = 0; trial < 50; trial++) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                assertEquals(Utils.murmur2(key), Murmur2.hash(key), () -> "length " + key.length);
            }
        }
    }

    @Test
    void shouldPutKeysInThePartitionKafkasDefaultPartitionerChooses() {
        for (int partitions : new int[] {1, 3, 7, 100}) {
            Partitioner partitioner = new Partitioner(partitions, -1);
            for (int i = 0; i < 2000; i++) {
                byte[] key = ("user-" + i).getBytes(StandardCharsets.UTF_8);
                assertEquals(BuiltInPartitioner.partitionForKey(key, partitions), partitioner.partition(key));
            }
        }
        assertEquals(Utils.toPositive(Integer.MIN_VALUE), Murmur2.toPositive(Integer.MIN_VALUE));
    }

    @Test
    void shouldStickToOnePartitionForNullKeysUntilItsBatchIsSent() {
        Partitioner partitioner = new Partitioner(3, -1);
        assertEquals(0, partitioner.partition(null));
        partitioner.batchSent(2);
        assertEquals(0, partitioner.partition(null));
        partitioner.batchSent(0);
        assertEquals(1, partitioner.partition(null));
        partitioner.batchSent(1);
        partitioner.batchSent(2);
        assertEquals(0, partitioner.partition(null));
        assertEquals(2, new Partitioner(3, 2).partition("k".getBytes(StandardCharsets.UTF_8)));
    }
}
