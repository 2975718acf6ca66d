package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.replication.ErrorCode;
import dev.varve.replication.Message;
import dev.varve.replication.Message.Fetch;
import dev.varve.replication.Message.FetchResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated consumer (node {@link #NODE_ID}): per partition a position from 0, a fetch to the leader the
 * controller names (replica id -1: served up to the high watermark), every record received reported to the
 * checker with the high watermark of the response; out of range (a leader's log shorter than the position,
 * after an unclean election) resets to the log start.
 */
final class SimConsumer {
    static final int NODE_ID = 101;
    private static final int MAX_BYTES = 64 * 1024;
    /** Fetches lost on the network are forgotten, oldest first, beyond this many. */
    private static final int MAX_OUTSTANDING = 64;

    private final Map<TopicPartition, Long> positions = new TreeMap<>(SimDisk::compare);
    private final Map<Long, PartitionGhost.Stamp> outstanding = new TreeMap<>();
    private final RecordBatchReader batches = new RecordBatchReader();
    private final RecordReader records = new RecordReader();
    private final Invariants invariants;
    private long nextRequestId;
    private long consumed;

    SimConsumer(Invariants invariants) {
        this.invariants = invariants;
    }

    void consume(TopicPartition partition, int leader, Simulation.Sender sender) {
        if (leader < 0) {
            return;
        }
        long requestId = ++nextRequestId;
        if (outstanding.size() >= MAX_OUTSTANDING) {
            outstanding.remove(outstanding.keySet().iterator().next());
        }
        outstanding.put(requestId, invariants.stamp(partition));
        sender.send(NODE_ID, leader, new Fetch(requestId, partition, -1, -1, positions.getOrDefault(partition, 0L), -1, MAX_BYTES));
    }

    void receive(int from, Message message) {
        PartitionGhost.Stamp stamp = message instanceof FetchResponse fetched ? outstanding.remove(fetched.requestId()) : null;
        if (stamp == null) {
            return;
        }
        FetchResponse response = (FetchResponse) message;
        TopicPartition partition = response.partition();
        if (response.error() == ErrorCode.OFFSET_OUT_OF_RANGE) {
            positions.put(partition, response.logStartOffset());
            return;
        }
        if (response.error() != ErrorCode.NONE || response.fetchOffset() != positions.getOrDefault(partition, 0L)) {
            return;
        }
        long position = response.fetchOffset();
        batches.reset(response.records().duplicate());
        while (batches.next()) {
            RecordBatchFlyweight batch = batches.batch();
            records.open(batch);
            while (records.next()) {
                if (records.offset() >= position) {
                    long id = records.buffer().getLong(records.valueOffset());
                    invariants.consumed(partition, records.offset(), id, response.highWatermark(), from, stamp);
                    consumed++;
                    position = records.offset() + 1;
                }
            }
        }
        positions.put(partition, position);
    }

    long consumed() {
        return consumed;
    }

    void close() {
        records.close();
    }
}
