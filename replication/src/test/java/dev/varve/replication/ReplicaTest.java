package dev.varve.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.memory.MemoryLogEngine;
import dev.varve.engine.record.RecordBatchBuilder;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.spi.EngineContext;
import dev.varve.replication.Message.AlterPartition;
import dev.varve.replication.Message.Fetch;
import dev.varve.replication.Message.FetchResponse;
import dev.varve.replication.Message.OffsetsForLeaderEpoch;
import dev.varve.replication.Message.OffsetsForLeaderEpochResponse;
import dev.varve.replication.Message.PartitionState;
import dev.varve.replication.Message.Produce;
import dev.varve.replication.Message.ProduceResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One replica's state machine, leader and follower, driven message by message on a real memory-engine log. */
class ReplicaTest {
    private static final TopicPartition PARTITION = new TopicPartition("t", 0);
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);

    @TempDir
    Path directory;
    private MemoryLogEngine engine;
    private final List<Message> sent = new ArrayList<>();
    private long requestIds;

    @AfterEach
    void discard() {
        engine.close();
        MemoryLogEngine.discard(directory);
    }

    private Replica replica(int brokerId, Map<String, String> settings, long checkpointedHighWatermark) {
        engine = MemoryLogEngine.open(new EngineContext(directory, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        PartitionLog log = engine.open(PARTITION, LogConfig.defaults());
        Replica.Context context = new Replica.Context() {
            @Override
            public long brokerEpoch() {
                return 10 + brokerId;
            }

            @Override
            public long nextRequestId() {
                return ++requestIds;
            }
        };
        return new Replica(PARTITION, brokerId, ReplicationConfig.of(settings), (to, message) -> sent.add(message), context, log,
                new LeaderEpochCacheTest.MemoryCheckpoint(), checkpointedHighWatermark);
    }

    private static ByteBuffer record(long offset, int epoch) {
        try (RecordBatchBuilder builder = new RecordBatchBuilder()) {
            builder.reset(offset).partitionLeaderEpoch(epoch);
            builder.append(0, null, new byte[] {(byte) offset});
            ByteBuffer batch = builder.build();
            return ByteBuffer.allocate(batch.remaining()).put(batch).flip().asReadOnlyBuffer();
        }
    }

    private static Produce produce(long id, Acks acks) {
        return new Produce(id, PARTITION, record(0, -1), acks);
    }

    private <T extends Message> T last(Class<T> type) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (type.isInstance(sent.get(i))) {
                return type.cast(sent.get(i));
            }
        }
        throw new AssertionError("nothing sent of type " + type.getSimpleName() + ": " + sent);
    }

    @Test
    void shouldRefuseAcksAllBelowMinIsrAndNotAdvanceTheHighWatermark() {
        Replica leader = replica(1, Map.of("min.insync.replicas", "2"), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 0, 0, List.of(1)), 0);
        leader.onProduce(100, produce(1, Acks.ALL), 0);
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, last(ProduceResponse.class).error());
        assertEquals(0, leader.logEndOffset(), "refused before the append");
        leader.onProduce(100, produce(2, Acks.LEADER), 0);
        assertEquals(ErrorCode.NONE, last(ProduceResponse.class).error());
        assertEquals(1, leader.logEndOffset());
        assertEquals(0, leader.highWatermark(), "no advance while the ISR is below min.insync.replicas (Kafka 3.7)");
    }

    @Test
    void shouldAnswerAcksAllOnceEveryIsrMemberFetchedPastTheRecord() {
        Replica leader = replica(1, Map.of(), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 3, 0, List.of(1, 2)), 0);
        assertEquals(List.of(new EpochEntry(3, 0)), leader.epochEntries(), "the new epoch is cached before any append");
        leader.onProduce(100, produce(1, Acks.ALL), 0);
        assertTrue(sent.stream().noneMatch(ProduceResponse.class::isInstance), "waits in purgatory");
        leader.onFetch(2, new Fetch(1, PARTITION, 2, 12, 0, 3, 1 << 20), 10);
        FetchResponse first = last(FetchResponse.class);
        RecordBatchReader batches = new RecordBatchReader().reset(first.records());
        assertTrue(batches.next());
        assertEquals(3, batches.batch().partitionLeaderEpoch(), "stamped with the leader epoch");
        assertEquals(0, leader.highWatermark());
        leader.onFetch(2, new Fetch(2, PARTITION, 2, 12, 1, 3, 1 << 20), 20);
        assertEquals(1, leader.highWatermark());
        ProduceResponse answer = last(ProduceResponse.class);
        assertEquals(ErrorCode.NONE, answer.error());
        assertEquals(0, answer.baseOffset());
    }

    @Test
    void shouldHoldAFollowerFetchAtTheLogEndUntilARecordIsAppended() {
        Replica leader = replica(1, Map.of(), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 3, 0, List.of(1, 2)), 0);
        leader.onFetch(2, new Fetch(7, PARTITION, 2, 12, 0, 3, 1 << 20), 10);
        leader.tick(400);
        assertTrue(sent.stream().noneMatch(FetchResponse.class::isInstance), "nothing to return: held (long poll)");
        leader.onProduce(100, produce(1, Acks.ALL), 450);
        FetchResponse woken = last(FetchResponse.class);
        assertEquals(7, woken.requestId(), "the append answers the held fetch at once");
        assertTrue(new RecordBatchReader().reset(woken.records()).next(), "with the new record");
        assertEquals(0, woken.highWatermark());
    }

    @Test
    void shouldAnswerAHeldFetchEmptyWhenReplicaFetchWaitMaxMsPasses() {
        Replica leader = replica(1, Map.of(), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 3, 0, List.of(1, 2)), 0);
        leader.onProduce(100, produce(1, Acks.ALL), 0);
        leader.onFetch(2, new Fetch(1, PARTITION, 2, 12, 0, 3, 1 << 20), 10);
        sent.clear();
        leader.onFetch(2, new Fetch(2, PARTITION, 2, 12, 1, 3, 1 << 20), 20);
        assertEquals(1, leader.highWatermark(), "the held fetch still moved the follower's offset");
        assertEquals(ErrorCode.NONE, last(ProduceResponse.class).error());
        assertTrue(sent.stream().noneMatch(FetchResponse.class::isInstance));
        leader.tick(519);
        assertTrue(sent.stream().noneMatch(FetchResponse.class::isInstance), "within replica.fetch.wait.max.ms");
        leader.tick(520);
        FetchResponse expired = last(FetchResponse.class);
        assertEquals(2, expired.requestId());
        assertEquals(0, expired.records().remaining());
        assertEquals(1, expired.highWatermark(), "the follower learns the high watermark when its wait ends");
    }

    @Test
    void shouldFailHeldFetchesWhenTheLeaderEpochChangesOrItBecomesFollower() {
        Replica leader = replica(1, Map.of(), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 3, 0, List.of(1, 2, 3)), 0);
        leader.onFetch(2, new Fetch(1, PARTITION, 2, 12, 0, 3, 1 << 20), 10);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 4, 1, List.of(1, 2, 3)), 20);
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, last(FetchResponse.class).error(), "a new epoch fences the held fetch");
        leader.onFetch(3, new Fetch(2, PARTITION, 3, 13, 0, 4, 1 << 20), 30);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 2, 5, 2, List.of(2, 3)), 40);
        FetchResponse failed = last(FetchResponse.class);
        assertEquals(2, failed.requestId());
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, failed.error(), "a leader that becomes follower fails its held fetches");
    }

    @Test
    void shouldFetchAgainAtOnceAfterAnEmptyAnswer() {
        Replica follower = replica(2, Map.of(), 0);
        follower.applyState(new PartitionState(PARTITION, REPLICAS, 1, 0, 0, REPLICAS), 0);
        Fetch first = last(Fetch.class);
        follower.onFetchResponse(new FetchResponse(first.requestId(), PARTITION, ErrorCode.NONE, 0, 0, 0, 0, 0, ByteBuffer.allocate(0)), 600);
        Fetch next = last(Fetch.class);
        assertTrue(next.requestId() > first.requestId(), "the leader already waited: no pause of its own");
        assertEquals(0, next.fetchOffset());
    }

    @Test
    void shouldFenceFetchesFromOtherEpochs() {
        Replica leader = replica(1, Map.of(), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 3, 0, List.of(1, 2)), 0);
        leader.onFetch(2, new Fetch(1, PARTITION, 2, 12, 0, 2, 1 << 20), 10);
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, last(FetchResponse.class).error());
        leader.onFetch(2, new Fetch(2, PARTITION, 2, 12, 0, 4, 1 << 20), 10);
        assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH, last(FetchResponse.class).error());
    }

    @Test
    void shouldProposeAnIsrShrinkAfterTheLagTimeAndAnExpansionOnCatchUp() {
        Replica leader = replica(1, Map.of(), 0);
        leader.applyState(new PartitionState(PARTITION, REPLICAS, 1, 0, 0, List.of(1, 2)), 0);
        leader.onProduce(100, produce(1, Acks.LEADER), 0);
        leader.tick(30_000);
        assertTrue(sent.stream().noneMatch(AlterPartition.class::isInstance), "within replica.lag.time.max.ms");
        leader.tick(30_001);
        assertEquals(List.of(1), last(AlterPartition.class).newIsr().stream().map(Message.IsrMember::brokerId).toList());
        leader.onAlterPartitionResponse(new Message.AlterPartitionResponse(last(AlterPartition.class).requestId(), PARTITION,
                ErrorCode.NONE, new PartitionState(PARTITION, REPLICAS, 1, 0, 1, List.of(1))), 30_010);
        assertEquals(List.of(1), leader.isr());
        leader.onFetch(3, new Fetch(1, PARTITION, 3, 13, 1, 0, 1 << 20), 30_020);
        AlterPartition grow = last(AlterPartition.class);
        assertEquals(List.of(new Message.IsrMember(1, 11), new Message.IsrMember(3, 13)), grow.newIsr());
        assertEquals(List.of(1, 3), leader.maximalIsr(), "the high watermark counts the proposed member at once (KIP-497)");
    }

    /** A follower holding epochs 0 (offsets 0-2) and 2 (offsets 3-5). */
    private Replica followerWithTwoEpochs(Map<String, String> settings, long highWatermark) {
        Replica follower = replica(2, settings, 0);
        follower.applyState(new PartitionState(PARTITION, REPLICAS, 1, 0, 0, REPLICAS), 0);
        for (long offset = 0; offset < 6; offset++) {
            follower.log.appendAsFollower(record(offset, offset < 3 ? 0 : 2));
            follower.epochs.assign(offset < 3 ? 0 : 2, offset);
        }
        follower.highWatermark = highWatermark;
        sent.clear();
        return follower;
    }

    @Test
    void shouldTruncateByLeaderEpochInRoundsWhenItLacksTheLeadersEpoch() {
        Replica follower = followerWithTwoEpochs(Map.of(), 1);
        follower.applyState(new PartitionState(PARTITION, REPLICAS, 3, 4, 1, REPLICAS), 100);
        OffsetsForLeaderEpoch ask = last(OffsetsForLeaderEpoch.class);
        assertEquals(2, ask.leaderEpoch(), "asks where its latest epoch ends");
        // the leader never had epoch 2: its largest below is 1, which ends at 4
        follower.onOffsetsForLeaderEpochResponse(new OffsetsForLeaderEpochResponse(ask.requestId(), PARTITION, ErrorCode.NONE, 1, 4), 110);
        assertEquals(3, follower.logEndOffset(), "lacks epoch 1: cut to its own end of the epoch below (KIP-279)");
        OffsetsForLeaderEpoch again = last(OffsetsForLeaderEpoch.class);
        assertEquals(0, again.leaderEpoch(), "and asks again");
        follower.onOffsetsForLeaderEpochResponse(new OffsetsForLeaderEpochResponse(again.requestId(), PARTITION, ErrorCode.NONE, 0, 2), 120);
        assertEquals(2, follower.logEndOffset());
        assertEquals(List.of(new EpochEntry(0, 0)), follower.epochEntries());
        assertEquals(2, last(Fetch.class).fetchOffset(), "then fetches from its new log end");
    }

    @Test
    void shouldTruncateToTheHighWatermarkUnderTheOldProtocol() {
        Replica follower = followerWithTwoEpochs(Map.of("replica.truncation.protocol", "high-watermark"), 1);
        follower.applyState(new PartitionState(PARTITION, REPLICAS, 3, 4, 1, REPLICAS), 100);
        assertEquals(1, follower.logEndOffset());
        assertTrue(sent.stream().noneMatch(OffsetsForLeaderEpoch.class::isInstance));
        assertEquals(1, last(Fetch.class).fetchOffset());
    }

    @Test
    void shouldDropAnAnswerThatIsNotForTheRequestInFlight() {
        Replica follower = followerWithTwoEpochs(Map.of(), 1);
        follower.applyState(new PartitionState(PARTITION, REPLICAS, 3, 4, 1, REPLICAS), 100);
        long stale = last(OffsetsForLeaderEpoch.class).requestId() - 1;
        follower.onOffsetsForLeaderEpochResponse(new OffsetsForLeaderEpochResponse(stale, PARTITION, ErrorCode.NONE, 0, 0), 110);
        assertEquals(6, follower.logEndOffset());
    }
}
