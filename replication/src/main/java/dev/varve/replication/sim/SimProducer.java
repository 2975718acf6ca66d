package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.replication.Acks;
import dev.varve.replication.ErrorCode;
import dev.varve.replication.Message;
import dev.varve.replication.Message.Produce;
import dev.varve.replication.Message.ProduceResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The simulated producer (node {@link #NODE_ID}): one record per request, its value the record's id (8 bytes,
 * 1, 2, 3, ...), sent to the leader the controller names, never retried. Outcomes go to the checker: an
 * acks=all success is a claim that the record is committed at its offset; NOT_ENOUGH_REPLICAS means the
 * record must never appear; anything else (other errors, no answer within {@code request.timeout.ms})
 * is indeterminate and claims nothing.
 */
final class SimProducer {
    static final int NODE_ID = 100;

    /** A record the producer was told is stored (acks=1 or all), and where. */
    record Acknowledged(long id, TopicPartition partition, long offset, Acks acks) {
    }

    private record Outstanding(long id, TopicPartition partition, Acks acks, long sentMs, PartitionGhost.Stamp stamp) {
    }

    private final RecordBatchBuilder builder = new RecordBatchBuilder();
    private final Map<Long, Outstanding> outstanding = new TreeMap<>();
    private final List<Acknowledged> acknowledged = new ArrayList<>();
    private final Invariants invariants;
    private final Consumer<String> events;
    private long nextId;
    private long acked;

    SimProducer(Invariants invariants, Consumer<String> events) {
        this.invariants = invariants;
        this.events = events;
    }

    /** Sends a new record; returns its id, or -1 when there is no leader to send to. */
    long produce(TopicPartition partition, Acks acks, int leader, Simulation.Sender sender, long nowMs) {
        long id = ++nextId;
        if (leader < 0) {
            events.accept("r" + id + " not sent: " + partition + " has no leader");
            return -1;
        }
        builder.reset(0);
        builder.append(nowMs, null, ByteBuffer.allocate(Long.BYTES).putLong(0, id).array());
        ByteBuffer batch = builder.build();
        ByteBuffer records = ByteBuffer.allocate(batch.remaining()).put(batch).flip().asReadOnlyBuffer();
        if (acks != Acks.NONE) {
            outstanding.put(id, new Outstanding(id, partition, acks, nowMs, invariants.stamp(partition)));
        }
        sender.send(NODE_ID, leader, new Produce(id, partition, records, acks));
        events.accept("r" + id + " sent to b" + leader);
        return id;
    }

    void receive(Message message) {
        if (!(message instanceof ProduceResponse response)) {
            return;
        }
        Outstanding request = outstanding.remove(response.requestId());
        if (request == null) {
            return;
        }
        String outcome = "r" + request.id() + " (acks=" + request.acks() + ") ";
        if (response.error() == ErrorCode.NONE) {
            acked++;
            acknowledged.add(new Acknowledged(request.id(), request.partition(), response.baseOffset(), request.acks()));
            events.accept(outcome + "acked at offset " + response.baseOffset());
            if (request.acks() == Acks.ALL) {
                invariants.ackedAll(request.partition(), response.baseOffset(), request.id(), request.stamp());
            }
        } else if (response.error() == ErrorCode.NOT_ENOUGH_REPLICAS) {
            events.accept(outcome + "refused: NOT_ENOUGH_REPLICAS");
            invariants.rejected(request.id());
        } else {
            events.accept(outcome + "failed: " + response.error());
        }
    }

    /** Gives up on requests unanswered for {@code timeoutMs}: their outcome stays unknown. */
    void expire(long nowMs, long timeoutMs) {
        outstanding.values().removeIf(request -> nowMs - request.sentMs() > timeoutMs);
    }

    /** Whether a request with this record id is still waiting for an answer. */
    boolean isOutstanding(long id) {
        return outstanding.containsKey(id);
    }

    int outstanding() {
        return outstanding.size();
    }

    List<Acknowledged> acknowledged() {
        return acknowledged;
    }

    long lastId() {
        return nextId;
    }

    long acked() {
        return acked;
    }

    void close() {
        builder.close();
    }
}
