package dev.varve.replication.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checker's memory of one partition, never seen by the protocol: the committed records (offset by
 * offset, the ids a current-epoch leader held below its high watermark) with, for each, the fault counts
 * when it was committed; claims not yet committed (acks=all acknowledgements, consumed records); lossy
 * crashes so far; and what the last check saw of the controller and the leader.
 *
 * <p>A committed record or claim is <i>protected</i> while no unclean election happened since it was
 * recorded and at most {@code f = min(min.insync.replicas, RF) - 1} lossy crashes of the partition's replicas
 * happened since: the precondition under which Kafka's protocol promises it is never lost.
 */
final class PartitionGhost {
    /** The partition's fault counts at some moment: lossy crashes and unclean elections so far. */
    record Stamp(int crashes, int unclean) {
    }

    /** Something the checker expects to find committed at an offset. */
    record Claim(long id, String what, int crashes, int unclean) {
    }

    long[] committed = new long[64];
    int[] committedCrashes = new int[64];
    int[] committedUnclean = new int[64];
    int committedSize;
    final Map<Long, List<Claim>> claims = new TreeMap<>();
    int lossyCrashes;
    int controllerLeaderEpoch = -1;
    int controllerPartitionEpoch = -1;
    int controllerLeader = Integer.MIN_VALUE;
    final Map<Integer, Integer> leaderOfEpoch = new TreeMap<>();
    /** The leader (broker, incarnation, epoch) and its mirror's truncation count at the last full check. */
    long checkedLeaderKey = Long.MIN_VALUE;
    long checkedLeaderTruncations = -1;

    boolean isProtected(int crashesThen, int uncleanThen, int uncleanNow, int tolerated) {
        return uncleanThen == uncleanNow && lossyCrashes - crashesThen <= tolerated;
    }

    void commit(long id, int uncleanNow) {
        if (committedSize == committed.length) {
            committed = Arrays.copyOf(committed, committedSize * 2);
            committedCrashes = Arrays.copyOf(committedCrashes, committedSize * 2);
            committedUnclean = Arrays.copyOf(committedUnclean, committedSize * 2);
        }
        set(committedSize++, id, uncleanNow);
    }

    void set(int offset, long id, int uncleanNow) {
        committed[offset] = id;
        committedCrashes[offset] = lossyCrashes;
        committedUnclean[offset] = uncleanNow;
    }

    void claim(long offset, Claim claim) {
        claims.computeIfAbsent(offset, o -> new ArrayList<>()).add(claim);
    }
}
