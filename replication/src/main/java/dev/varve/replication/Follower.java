package dev.varve.replication;

import dev.varve.engine.api.UnexpectedAppendOffsetException;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.replication.Message.Fetch;
import dev.varve.replication.Message.FetchResponse;
import dev.varve.replication.Message.OffsetsForLeaderEpoch;
import dev.varve.replication.Message.OffsetsForLeaderEpochResponse;
import java.nio.ByteBuffer;

/**
 * The follower half of a {@link Replica} (Kafka's fetcher thread for one partition, without the thread):
 * one request in flight at a time, resent after {@code replica.socket.timeout.ms} without an answer;
 * answers that are not for the request in flight (late, duplicated) are dropped.
 *
 * <p>On every new leader epoch it first reconciles its log with the leader's. With
 * {@link TruncationProtocol#LEADER_EPOCH} it asks where its latest epoch ends (OffsetsForLeaderEpoch) and
 * follows Kafka's {@code getOffsetTruncationState} (KIP-101, KIP-279): when it lacks the epoch the leader
 * answered with, it truncates to its own end of the largest epoch below and asks again; otherwise it
 * truncates to the smaller end and starts fetching. With {@link TruncationProtocol#HIGH_WATERMARK} it
 * truncates to its high watermark at once (pre-KIP-101). Then it fetches at its log end, appends what comes
 * back with {@code appendAsFollower}, records new epochs in the cache, and takes the leader's high watermark
 * capped at its log end (so it may go down). It fetches again as soon as an answer arrives: the leader holds a fetch
 * that finds nothing for up to {@code replica.fetch.wait.max.ms} (the long poll), so an empty answer means the wait
 * is over; only with a wait of 0 does it pause {@code replica.fetch.backoff.ms} after an empty answer.
 */
final class Follower {
    private enum Phase { IDLE, TRUNCATING, FETCHING }

    private final Replica replica;
    private final RecordBatchReader batches = new RecordBatchReader(false);
    private Phase phase = Phase.IDLE;
    private long inFlightId = -1;
    private long inFlightSentMs;
    private long nextSendMs;

    Follower(Replica replica) {
        this.replica = replica;
    }

    void start(long nowMs) {
        inFlightId = -1;
        nextSendMs = nowMs;
        if (replica.leaderId == Message.PartitionState.NO_LEADER) {
            phase = Phase.IDLE;
            return;
        }
        if (replica.config.truncationProtocol() == TruncationProtocol.HIGH_WATERMARK) {
            replica.truncateTo(replica.highWatermark);
            phase = Phase.FETCHING;
        } else {
            phase = Phase.TRUNCATING;
        }
        send(nowMs);
    }

    boolean isFetching() {
        return phase == Phase.FETCHING;
    }

    void stop() {
        phase = Phase.IDLE;
        inFlightId = -1;
    }

    void tick(long nowMs) {
        if (phase == Phase.IDLE) {
            return;
        }
        if (inFlightId >= 0 && nowMs - inFlightSentMs >= replica.config.replicaSocketTimeoutMs()) {
            inFlightId = -1;
        }
        if (inFlightId < 0 && nowMs >= nextSendMs) {
            send(nowMs);
        }
    }

    private void send(long nowMs) {
        inFlightId = replica.context.nextRequestId();
        inFlightSentMs = nowMs;
        if (phase == Phase.TRUNCATING) {
            int latest = replica.epochs.latestEpoch();
            if (latest != EpochEntry.UNDEFINED_EPOCH) {
                replica.outbox.send(replica.leaderId, new OffsetsForLeaderEpoch(inFlightId, replica.partition, replica.brokerId,
                        replica.leaderEpoch, latest));
                return;
            }
            // no epoch known: an empty log, or records from before leader epochs (Kafka falls back to the high watermark)
            replica.truncateTo(replica.highWatermark);
            phase = Phase.FETCHING;
        }
        replica.outbox.send(replica.leaderId, new Fetch(inFlightId, replica.partition, replica.brokerId, replica.context.brokerEpoch(),
                replica.logEndOffset(), replica.leaderEpoch, replica.config.replicaFetchMaxBytes()));
    }

    /** Kafka's {@code getOffsetTruncationState}, given the leader's (epoch, end offset) for our latest epoch. */
    void onOffsetsResponse(OffsetsForLeaderEpochResponse response, long nowMs) {
        if (phase != Phase.TRUNCATING || response.requestId() != inFlightId) {
            return;
        }
        inFlightId = -1;
        if (response.error() != ErrorCode.NONE) {
            nextSendMs = nowMs + replica.config.replicaFetchBackoffMs();
            return;
        }
        long leo = replica.logEndOffset();
        boolean done = true;
        if (response.endOffset() == EpochEntry.UNDEFINED_OFFSET) {
            replica.truncateTo(replica.highWatermark);
        } else if (response.leaderEpoch() == EpochEntry.UNDEFINED_EPOCH) {
            replica.truncateTo(Math.min(response.endOffset(), leo));
        } else {
            EpochEndOffset local = replica.epochs.endOffsetFor(response.leaderEpoch(), leo);
            if (local.epoch() == EpochEntry.UNDEFINED_EPOCH) {
                replica.truncateTo(Math.min(response.endOffset(), leo));
            } else if (local.epoch() != response.leaderEpoch()) {
                replica.truncateTo(Math.min(local.endOffset(), leo));
                done = false;
            } else {
                replica.truncateTo(Math.min(Math.min(local.endOffset(), response.endOffset()), leo));
            }
        }
        if (done) {
            phase = Phase.FETCHING;
        }
        send(nowMs);
    }

    void onFetchResponse(FetchResponse response, long nowMs) {
        if (phase != Phase.FETCHING || response.requestId() != inFlightId) {
            return;
        }
        inFlightId = -1;
        if (response.error() == ErrorCode.OFFSET_OUT_OF_RANGE) {
            // Kafka's handleOutOfRangeError: past the leader's end, truncate to it; below its start, start over there
            replica.truncateTo(replica.logEndOffset() > response.logEndOffset() ? response.logEndOffset() : response.logStartOffset());
            send(nowMs);
            return;
        }
        if (response.error() != ErrorCode.NONE) {
            nextSendMs = nowMs + replica.config.replicaFetchBackoffMs();
            return;
        }
        if (response.fetchOffset() != replica.logEndOffset()) {
            send(nowMs);
            return;
        }
        ByteBuffer records = response.records();
        if (records.hasRemaining()) {
            try {
                replica.log.appendAsFollower(records.duplicate());
            } catch (UnexpectedAppendOffsetException e) {
                send(nowMs);
                return;
            }
            cacheNewEpochs(records);
        }
        replica.highWatermark = Math.max(replica.logStartOffset(), Math.min(response.highWatermark(), replica.logEndOffset()));
        if (records.hasRemaining() || replica.config.replicaFetchWaitMaxMs() > 0) {
            send(nowMs); // the leader held an empty fetch for us already (long poll): fetch again at once
        } else {
            nextSendMs = nowMs + replica.config.replicaFetchBackoffMs(); // no long poll: do not spin
        }
    }

    /** Records the first offset of every epoch newer than the cache's latest, as Kafka's follower append does. */
    private void cacheNewEpochs(ByteBuffer records) {
        batches.reset(records.duplicate());
        while (batches.next()) {
            RecordBatchFlyweight batch = batches.batch();
            int epoch = batch.partitionLeaderEpoch();
            if (epoch >= 0 && epoch > replica.epochs.latestEpoch()) {
                replica.epochs.assign(epoch, batch.baseOffset());
            }
        }
    }
}
