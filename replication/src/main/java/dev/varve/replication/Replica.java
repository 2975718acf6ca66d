package dev.varve.replication;

import dev.varve.engine.api.AppendResult;
import dev.varve.engine.api.PartitionLog;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.api.VarveException;
import dev.varve.replication.Message.AlterPartition;
import dev.varve.replication.Message.AlterPartitionResponse;
import dev.varve.replication.Message.Fetch;
import dev.varve.replication.Message.FetchResponse;
import dev.varve.replication.Message.IsrMember;
import dev.varve.replication.Message.OffsetsForLeaderEpoch;
import dev.varve.replication.Message.OffsetsForLeaderEpochResponse;
import dev.varve.replication.Message.PartitionState;
import dev.varve.replication.Message.Produce;
import dev.varve.replication.Message.ProduceResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One broker's replica of one partition, leader or follower, as Kafka's {@code Partition} runs it: a
 * message-driven state machine with no thread or clock of its own.
 *
 * <p>As leader (in leader epoch e) it stamps e into appended batches, refuses acks=all with
 * NOT_ENOUGH_REPLICAS when the ISR is below {@code min.insync.replicas}, tracks each follower's fetch
 * offset, advances the high watermark to the smallest log end offset over the maximal ISR (and over
 * caught-up followers), never while the ISR is below {@code min.insync.replicas} (Kafka 3.7+), never
 * backwards; answers acks=all once the high watermark passes the records; proposes ISR shrinks (a
 * follower not caught up for {@code replica.lag.time.max.ms}) and expansions (a follower at the high
 * watermark and the epoch's start) to the controller, one at a time. As follower it truncates (see
 * {@link TruncationProtocol}) and then fetches from its log end, taking the leader's high watermark
 * capped at its own log end. Partition metadata from the controller is applied only when newer.
 *
 * <p>After a crash a new instance starts from the storage: the log as recovered, the leader-epoch cache
 * from its checkpoint cut at the log end, the high watermark from its checkpoint capped at the log end.
 * Not thread-safe: its {@link Broker} calls it from one thread.
 */
public final class Replica {
    /** What the replica currently is for its partition. */
    public enum Role { NONE, LEADER, FOLLOWER }

    /** What a replica needs from its broker. */
    interface Context {
        /** The broker epoch of the running incarnation, -1 before registration. */
        long brokerEpoch();

        /** A request id never used before by this broker incarnation. */
        long nextRequestId();
    }

    private record PendingProduce(int client, long requestId, long requiredOffset, long baseOffset, long deadlineMs) {
    }

    /** A follower's fetch held by the leader (Kafka's DelayedFetch). */
    private record PendingFetch(int from, Fetch fetch, long deadlineMs) {
    }

    final TopicPartition partition;
    final int brokerId;
    final ReplicationConfig config;
    final Outbox outbox;
    final Context context;
    final PartitionLog log;
    final LeaderEpochCache epochs;
    private final Follower follower;
    long highWatermark;
    private Role role = Role.NONE;
    int leaderEpoch = -1;
    private int partitionEpoch = -1;
    int leaderId = PartitionState.NO_LEADER;
    private List<Integer> replicas = List.of();
    private List<Integer> isr = List.of();
    private List<Integer> proposedIsr;
    private long proposalId = -1;
    private long proposalSentMs;
    private long leaderEpochStartOffset;
    private final Map<Integer, RemoteReplica> remotes = new TreeMap<>();
    private final ArrayDeque<PendingProduce> purgatory = new ArrayDeque<>();
    /** Held follower fetches by follower id, at most one each (a newer fetch replaces an older one). */
    private final Map<Integer, PendingFetch> fetchPurgatory = new TreeMap<>();

    Replica(TopicPartition partition, int brokerId, ReplicationConfig config, Outbox outbox, Context context,
            PartitionLog log, LeaderEpochCheckpoint checkpoint, long checkpointedHighWatermark) {
        this.partition = partition;
        this.brokerId = brokerId;
        this.config = config;
        this.outbox = outbox;
        this.context = context;
        this.log = log;
        this.epochs = LeaderEpochCache.readOrRebuild(checkpoint, log); // truncated to the log end, as Kafka's loader does
        this.highWatermark = Math.max(log.logStartOffset(), Math.min(checkpointedHighWatermark, log.logEndOffset()));
        this.follower = new Follower(this);
    }

    public TopicPartition partition() {
        return partition;
    }

    public Role role() {
        return role;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /** The broker id this replica takes as leader, itself when leading. */
    public int leaderId() {
        return leaderId;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /** The ISR as this leader knows it (committed by the controller); empty on a follower. */
    public List<Integer> isr() {
        return isr;
    }

    /** The ISR the high watermark is computed over: the committed ISR plus a proposed one in flight (KIP-497). */
    public List<Integer> maximalIsr() {
        if (proposedIsr == null) {
            return isr;
        }
        List<Integer> union = new ArrayList<>(isr);
        proposedIsr.stream().filter(member -> !union.contains(member)).forEach(union::add);
        return union;
    }

    /**
     * Whether this replica's log is known to agree with its leader's: it leads, or it follows and has finished
     * truncating in its current leader epoch.
     */
    public boolean isReconciled() {
        return role == Role.LEADER || role == Role.FOLLOWER && follower.isFetching();
    }

    /** The leader-epoch cache's entries. */
    public List<EpochEntry> epochEntries() {
        return epochs.entries();
    }

    private int minIsr() {
        return config.effectiveMinIsr(replicas.size());
    }

    /** Applies the controller's metadata when it is newer than what this replica knows. */
    void applyState(PartitionState state, long nowMs) {
        if (state.leaderEpoch() < leaderEpoch || state.leaderEpoch() == leaderEpoch && state.partitionEpoch() <= partitionEpoch) {
            return;
        }
        replicas = state.replicas();
        partitionEpoch = state.partitionEpoch();
        if (state.leader() == brokerId) {
            if (role != Role.LEADER || state.leaderEpoch() > leaderEpoch) {
                makeLeader(state, nowMs);
            } else {
                isr = state.isr();
                maybeIncrementHighWatermark(nowMs);
            }
        } else if (role != Role.FOLLOWER || state.leaderEpoch() > leaderEpoch || state.leader() != leaderId) {
            makeFollower(state, nowMs);
        }
    }

    private void makeLeader(PartitionState state, long nowMs) {
        boolean wasLeader = role == Role.LEADER;
        role = Role.LEADER;
        leaderId = brokerId;
        leaderEpoch = state.leaderEpoch();
        if (wasLeader) {
            completeFetches(nowMs, true); // the held fetches name the old epoch: FENCED_LEADER_EPOCH
        }
        isr = state.isr();
        proposedIsr = null;
        proposalId = -1;
        follower.stop();
        // cached before any append, so followers holding epochs this leader never saw truncate correctly
        epochs.assign(leaderEpoch, log.logEndOffset());
        leaderEpochStartOffset = log.logEndOffset();
        remotes.clear();
        for (int replica : replicas) {
            if (replica != brokerId) {
                remotes.put(replica, new RemoteReplica(replica, nowMs, isr.contains(replica)));
            }
        }
        maybeIncrementHighWatermark(nowMs);
    }

    private void makeFollower(PartitionState state, long nowMs) {
        failPending(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        role = Role.FOLLOWER;
        completeFetches(nowMs, true); // no longer the leader: NOT_LEADER_OR_FOLLOWER
        leaderId = state.leader();
        leaderEpoch = state.leaderEpoch();
        isr = List.of();
        proposedIsr = null;
        proposalId = -1;
        remotes.clear();
        follower.start(nowMs);
    }

    /** Truncates the log (whole batches), the epoch cache and the high watermark to {@code offset} or below. */
    void truncateTo(long offset) {
        log.truncateTo(offset);
        long end = log.logEndOffset();
        epochs.truncateFromEnd(end);
        highWatermark = Math.min(highWatermark, end);
    }

    void onProduce(int from, Produce produce, long nowMs) {
        if (role != Role.LEADER) {
            answer(from, produce, ErrorCode.NOT_LEADER_OR_FOLLOWER, -1);
            return;
        }
        if (produce.acks() == Acks.ALL && isr.size() < minIsr()) {
            answer(from, produce, ErrorCode.NOT_ENOUGH_REPLICAS, -1);
            return;
        }
        AppendResult result;
        try {
            result = log.appendAsLeader(produce.records().duplicate(), leaderEpoch);
        } catch (VarveException e) {
            answer(from, produce, ErrorCode.of(e.kafkaErrorCode()), -1);
            return;
        }
        epochs.assign(leaderEpoch, result.firstOffset());
        maybeIncrementHighWatermark(nowMs);
        completeFetches(nowMs, false);
        if (produce.acks() != Acks.ALL || highWatermark > result.lastOffset()) {
            answer(from, produce, produce.acks() == Acks.ALL ? completion() : ErrorCode.NONE, result.firstOffset());
        } else {
            purgatory.add(new PendingProduce(from, produce.requestId(), result.lastOffset() + 1, result.firstOffset(),
                    nowMs + config.requestTimeoutMs()));
        }
    }

    private void answer(int client, Produce produce, ErrorCode error, long baseOffset) {
        if (produce.acks() != Acks.NONE) {
            outbox.send(client, new ProduceResponse(produce.requestId(), partition, error, baseOffset));
        }
    }

    /** acks=all's verdict once the high watermark passed: committed, but maybe with too small an ISR. */
    private ErrorCode completion() {
        return maximalIsr().size() >= minIsr() ? ErrorCode.NONE : ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
    }

    private void failPending(ErrorCode error) {
        for (PendingProduce pending : purgatory) {
            outbox.send(pending.client(), new ProduceResponse(pending.requestId(), partition, error, -1));
        }
        purgatory.clear();
    }

    private ErrorCode checkLeaderEpoch(int requestEpoch) {
        if (role != Role.LEADER) {
            return ErrorCode.NOT_LEADER_OR_FOLLOWER;
        }
        if (requestEpoch < leaderEpoch) {
            return ErrorCode.FENCED_LEADER_EPOCH;
        }
        return requestEpoch > leaderEpoch ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.NONE;
    }

    /**
     * A follower's fetch (replica id 0 or more) or a consumer's (-1, read up to the high watermark). The follower's
     * fetch state is updated on arrival; a valid follower fetch that finds no record to return is held for up to
     * {@code replica.fetch.wait.max.ms} (Kafka's fetch purgatory, with {@code replica.fetch.min.bytes} = 1).
     */
    void onFetch(int from, Fetch fetch, long nowMs) {
        boolean consumer = fetch.replicaId() < 0;
        ErrorCode error = consumer && role == Role.LEADER ? ErrorCode.NONE : checkLeaderEpoch(fetch.currentLeaderEpoch());
        RemoteReplica remote = consumer ? null : remotes.get(fetch.replicaId());
        if (error == ErrorCode.NONE && !consumer && remote == null) {
            error = ErrorCode.UNKNOWN_LEADER_EPOCH;
        }
        if (error != ErrorCode.NONE) {
            sendFetchResponse(from, fetch, error, ByteBuffer.allocate(0));
            return;
        }
        long hw = highWatermark;
        long leo = log.logEndOffset();
        if (!consumer && fetch.fetchOffset() >= log.logStartOffset() && fetch.fetchOffset() <= leo) {
            remote.fetched(fetch.fetchOffset(), nowMs, leo, fetch.brokerEpoch());
            maybeExpandIsr(remote, nowMs);
            maybeIncrementHighWatermark(nowMs);
            if (fetch.fetchOffset() == leo && config.replicaFetchWaitMaxMs() > 0) {
                fetchPurgatory.put(fetch.replicaId(), new PendingFetch(from, fetch, nowMs + config.replicaFetchWaitMaxMs()));
                return;
            }
        }
        answerFetch(from, fetch, consumer ? hw : Long.MAX_VALUE, hw, leo);
    }

    /** Reads for a fetch and answers it with the given high watermark and log end (sampled before the read, as Kafka does). */
    private void answerFetch(int from, Fetch fetch, long maxOffset, long hw, long leo) {
        ReadResult read = log.read(fetch.fetchOffset(), fetch.maxBytes(), maxOffset);
        if (read.status() == ReadResult.Status.OFFSET_OUT_OF_RANGE) {
            sendFetchResponse(from, fetch, ErrorCode.OFFSET_OUT_OF_RANGE, ByteBuffer.allocate(0), hw, leo);
        } else {
            sendFetchResponse(from, fetch, ErrorCode.NONE, read.records().toBuffer().asReadOnlyBuffer(), hw, leo);
        }
    }

    private void sendFetchResponse(int from, Fetch fetch, ErrorCode error, ByteBuffer records) {
        sendFetchResponse(from, fetch, error, records, highWatermark, log.logEndOffset());
    }

    private void sendFetchResponse(int from, Fetch fetch, ErrorCode error, ByteBuffer records, long hw, long leo) {
        outbox.send(from, new FetchResponse(fetch.requestId(), partition, error, leaderEpoch, hw, log.logStartOffset(), leo,
                fetch.fetchOffset(), records));
    }

    /**
     * Answers the held fetches that can complete (Kafka's {@code DelayedFetch.tryComplete}): all of them when
     * {@code all} (leadership or epoch changed: they are answered with the error their epoch now gets), else those
     * with a record past their offset or an expired wait. A high watermark change alone completes none (Kafka before
     * KIP-1166): a follower learns it with the next record or when its wait ends, so its high watermark lags.
     */
    private void completeFetches(long nowMs, boolean all) {
        if (fetchPurgatory.isEmpty()) {
            return;
        }
        long leo = log.logEndOffset();
        for (Iterator<PendingFetch> it = fetchPurgatory.values().iterator(); it.hasNext(); ) {
            PendingFetch pending = it.next();
            Fetch fetch = pending.fetch();
            if (all || leo > fetch.fetchOffset() || nowMs >= pending.deadlineMs()) {
                it.remove();
                ErrorCode error = checkLeaderEpoch(fetch.currentLeaderEpoch());
                if (error == ErrorCode.NONE) {
                    answerFetch(pending.from(), fetch, Long.MAX_VALUE, highWatermark, leo);
                } else {
                    sendFetchResponse(pending.from(), fetch, error, ByteBuffer.allocate(0));
                }
            }
        }
    }

    void onOffsetsForLeaderEpoch(int from, OffsetsForLeaderEpoch request) {
        ErrorCode error = checkLeaderEpoch(request.currentLeaderEpoch());
        EpochEndOffset end = error == ErrorCode.NONE ? epochs.endOffsetFor(request.leaderEpoch(), log.logEndOffset())
                : EpochEndOffset.UNDEFINED;
        outbox.send(from, new OffsetsForLeaderEpochResponse(request.requestId(), partition, error, end.epoch(), end.endOffset()));
    }

    void onFetchResponse(FetchResponse response, long nowMs) {
        follower.onFetchResponse(response, nowMs);
    }

    void onOffsetsForLeaderEpochResponse(OffsetsForLeaderEpochResponse response, long nowMs) {
        follower.onOffsetsResponse(response, nowMs);
    }

    void onAlterPartitionResponse(AlterPartitionResponse response, long nowMs) {
        if (response.requestId() != proposalId) {
            return;
        }
        proposedIsr = null;
        proposalId = -1;
        applyState(response.state(), nowMs);
        maybeIncrementHighWatermark(nowMs);
    }

    /** Timers: ISR shrink, produce timeouts, held fetches' waits, AlterPartition resends, the follower's fetches. */
    void tick(long nowMs) {
        if (role == Role.FOLLOWER) {
            follower.tick(nowMs);
            return;
        }
        if (role != Role.LEADER) {
            return;
        }
        maybeShrinkIsr(nowMs);
        if (proposedIsr != null && nowMs - proposalSentMs >= config.replicaSocketTimeoutMs()) {
            sendProposal(nowMs);
        }
        for (Iterator<PendingProduce> it = purgatory.iterator(); it.hasNext(); ) {
            PendingProduce pending = it.next();
            if (nowMs >= pending.deadlineMs()) {
                outbox.send(pending.client(), new ProduceResponse(pending.requestId(), partition, ErrorCode.REQUEST_TIMED_OUT, -1));
                it.remove();
            }
        }
        maybeIncrementHighWatermark(nowMs);
        completeFetches(nowMs, false);
    }

    /** Kafka's {@code maybeIncrementLeaderHW} with the 3.7 rule: no advance while the ISR is below min.insync.replicas. */
    private void maybeIncrementHighWatermark(long nowMs) {
        if (role != Role.LEADER || isr.size() < minIsr()) {
            return;
        }
        long leo = log.logEndOffset();
        long newHighWatermark = leo;
        List<Integer> maximal = maximalIsr();
        for (RemoteReplica remote : remotes.values()) {
            boolean holdsBack = maximal.contains(remote.brokerId)
                    || remote.hasFetched() && remote.isCaughtUp(leo, nowMs, config.replicaLagTimeMaxMs());
            if (holdsBack && remote.logEndOffset < newHighWatermark) {
                newHighWatermark = remote.logEndOffset;
            }
        }
        if (newHighWatermark <= highWatermark) {
            return;
        }
        highWatermark = newHighWatermark;
        for (Iterator<PendingProduce> it = purgatory.iterator(); it.hasNext(); ) {
            PendingProduce pending = it.next();
            if (pending.requiredOffset() <= highWatermark) {
                outbox.send(pending.client(), new ProduceResponse(pending.requestId(), partition, completion(), pending.baseOffset()));
                it.remove();
            }
        }
    }

    private void maybeShrinkIsr(long nowMs) {
        if (proposedIsr != null) {
            return;
        }
        long leo = log.logEndOffset();
        List<Integer> inSync = new ArrayList<>(isr);
        inSync.removeIf(member -> member != brokerId && !remotes.get(member).isCaughtUp(leo, nowMs, config.replicaLagTimeMaxMs()));
        if (inSync.size() < isr.size()) {
            propose(inSync, nowMs);
        }
    }

    private void maybeExpandIsr(RemoteReplica remote, long nowMs) {
        if (proposedIsr == null && !isr.contains(remote.brokerId) && remote.logEndOffset >= highWatermark
                && remote.logEndOffset >= leaderEpochStartOffset) {
            List<Integer> grown = new ArrayList<>(isr);
            grown.add(remote.brokerId);
            propose(grown, nowMs);
        }
    }

    private void propose(List<Integer> newIsr, long nowMs) {
        proposedIsr = List.copyOf(newIsr);
        proposalId = context.nextRequestId();
        sendProposal(nowMs);
    }

    private void sendProposal(long nowMs) {
        proposalSentMs = nowMs;
        List<IsrMember> members = new ArrayList<>();
        for (int member : proposedIsr) {
            members.add(new IsrMember(member, member == brokerId ? context.brokerEpoch() : remotes.get(member).brokerEpoch));
        }
        outbox.send(Controller.NODE_ID, new AlterPartition(proposalId, partition, brokerId, context.brokerEpoch(), leaderEpoch,
                partitionEpoch, members));
    }
}
