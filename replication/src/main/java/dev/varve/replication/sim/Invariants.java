package dev.varve.replication.sim;

import dev.varve.engine.api.TopicPartition;
import dev.varve.replication.EpochEntry;
import dev.varve.replication.Message.PartitionState;
import dev.varve.replication.PartitionRegistration;
import dev.varve.replication.Replica;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invariants, checked after every step of a {@link Simulation} against ghost state the protocol never
 * reads ({@link PartitionGhost}). Names as they appear in violations:
 * <ul>
 *   <li>{@code durability}: every protected committed record (and every protected acks=all acknowledgement
 *       and consumed record, once committed) stays at its offset in the current leader's log. The
 *       precondition (protection): no unclean election since, and at most min(min.insync.replicas, RF) - 1
 *       lossy crashes (a crash that lost unflushed records) of the partition's replicas since; under
 *       model D no crash is lossy. A new leader's high watermark may lag; its log may not.</li>
 *   <li>{@code ack-committed}: a protected acks=all acknowledgement is committed with that record at that offset.</li>
 *   <li>{@code isr-superset}: the current leader computes its high watermark over a superset of the controller's
 *       ISR (its maximal ISR, KIP-497), so no member the controller may elect is left behind.</li>
 *   <li>{@code isr-complete}: every registered live member of the controller's ISR holds the committed prefix, as
 *       the leader does (while it is protected), so any ISR member may be elected without loss.</li>
 *   <li>{@code log-matching}: two live replicas hold the same records in the same epochs below the smaller of
 *       their high watermarks.</li>
 *   <li>{@code hw-bounds}: log start &lt;= high watermark &lt;= log end on every live replica.</li>
 *   <li>{@code leader-hw-monotonic}: a leader's high watermark never goes back within its epoch.</li>
 *   <li>{@code epochs}: the controller's leader epoch never goes back and grows with every leader change; one
 *       leader per epoch; a replica's epoch never goes back; epoch caches strictly increase and end within
 *       the log; batch epochs never decrease along a log.</li>
 *   <li>{@code read-bounds}: a consumer never receives a record at or above the high watermark sent with it.</li>
 *   <li>{@code rejected-absent}: a record refused with NOT_ENOUGH_REPLICAS never appears in any log.</li>
 *   <li>{@code controller}: leader in the ISR, ISR and ELR within the replicas and disjoint, no fenced broker
 *       in the ISR, no ELR while the ISR has min.insync.replicas members.</li>
 * </ul>
 * Liveness ({@code liveness}) is checked by {@link Simulation}'s settle step. Not thread-safe.
 */
final class Invariants implements RecordedLog.Listener {
    private final Simulation simulation;
    private final int tolerated;
    private final int minIsr;
    private final Map<TopicPartition, PartitionGhost> ghosts = new TreeMap<>(SimDisk::compare);
    private final Set<Long> rejected = new HashSet<>();
    private final Map<ReplicaKey, long[]> replicaEpochs = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<Violation> pending = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private long step;

    Invariants(Simulation simulation, SimConfig config) {
        this.simulation = simulation;
        this.minIsr = config.replication().effectiveMinIsr(config.replicationFactor());
        this.tolerated = minIsr - 1;
    }

    List<Violation> violations() {
        return violations;
    }

    PartitionGhost ghost(TopicPartition partition) {
        return ghosts.computeIfAbsent(partition, p -> new PartitionGhost());
    }

    private int unclean(TopicPartition partition) {
        return simulation.controller().partition(partition).uncleanElections();
    }

    /** Reports a violation, once: a state that stays broken is not reported again at every later check. */
    private void fail(String invariant, String detail) {
        if (reported.add(invariant + ": " + detail)) {
            pending.add(new Violation(step, invariant, detail));
        }
    }

    /** Violations found since the last call (also kept in {@link #violations()}). */
    List<Violation> drain() {
        List<Violation> found = List.copyOf(pending);
        violations.addAll(pending);
        pending.clear();
        return found;
    }

    void lossyCrash(TopicPartition partition) {
        ghost(partition).lossyCrashes++;
    }

    void rejected(long id) {
        rejected.add(id);
    }

    /** The fault counts of {@code partition} now: what a claim made from a request sent now is protected by. */
    PartitionGhost.Stamp stamp(TopicPartition partition) {
        return new PartitionGhost.Stamp(ghost(partition).lossyCrashes, unclean(partition));
    }

    /** An acks=all acknowledgement of a request sent at {@code sent}. */
    void ackedAll(TopicPartition partition, long offset, long id, PartitionGhost.Stamp sent) {
        claim(partition, offset, id, "acks=all record r" + id, sent);
    }

    /** A record served to the consumer by a fetch sent at {@code sent}. */
    void consumed(TopicPartition partition, long offset, long id, long highWatermark, int broker, PartitionGhost.Stamp sent) {
        if (offset >= highWatermark) {
            fail("read-bounds", partition + ": b" + broker + " served r" + id + " at offset " + offset + " with high watermark "
                    + highWatermark);
        }
        claim(partition, offset, id, "consumed record r" + id, sent);
    }

    /**
     * Claims are protected from when their request was sent: an answer may be in flight across a fault. A claim
     * at an offset already committed is compared at once when both are protected.
     */
    private void claim(TopicPartition partition, long offset, long id, String what, PartitionGhost.Stamp sent) {
        PartitionGhost ghost = ghost(partition);
        int unclean = unclean(partition);
        if (!ghost.isProtected(sent.crashes(), sent.unclean(), unclean, tolerated)) {
            return;
        }
        if (offset < ghost.committedSize) {
            int at = (int) offset;
            if (ghost.committed[at] != id && ghost.isProtected(ghost.committedCrashes[at], ghost.committedUnclean[at], unclean, tolerated)) {
                fail(what.startsWith("acks") ? "ack-committed" : "durability", partition + ": " + what + " at offset " + offset
                        + " but r" + ghost.committed[at] + " is committed there");
            }
            return;
        }
        ghost.claim(offset, new PartitionGhost.Claim(id, what, sent.crashes(), sent.unclean()));
    }

    @Override
    public void appended(TopicPartition partition, long offset, long id, int epoch, int previousEpoch) {
        if (rejected.contains(id)) {
            fail("rejected-absent", partition + ": r" + id + " was refused with NOT_ENOUGH_REPLICAS but appended at " + offset);
        }
        if (epoch < previousEpoch) {
            fail("epochs", partition + ": batch epoch " + epoch + " at offset " + offset + " follows epoch " + previousEpoch);
        }
    }

    /**
     * Leader-candidate completeness: every registered live member of the controller's ISR holds the whole
     * committed prefix, the same as the leader's, so whichever the controller elects loses nothing. Checked
     * while every committed record is protected.
     */
    private void checkIsrComplete(PartitionRegistration registration, LiveReplica leader, List<LiveReplica> live, PartitionGhost ghost) {
        int committed = ghost.committedSize;
        if (committed == 0 || !ghost.isProtected(ghost.committedCrashes[0], ghost.committedUnclean[0],
                unclean(registration.partition()), tolerated) || leader.mirror().size() < committed) {
            return;
        }
        long prefix = leader.mirror().prefixHash(committed);
        for (LiveReplica member : live) {
            if (registration.isr().contains(member.broker()) && simulation.broker(member.broker()).brokerEpoch() >= 0
                    && (member.mirror().size() < committed || member.mirror().prefixHash(committed) != prefix)) {
                fail("isr-complete", registration.partition() + ": ISR member b" + member.broker() + " (log end "
                        + member.mirror().size() + ") lacks committed records below " + committed + " that leader b" + leader.broker() + " holds");
            }
        }
    }

    /** Starts step {@code number}: violations found from now on are reported as found after it. */
    void begin(long number) {
        step = number;
    }

    /** Checks every invariant at the end of the current step. */
    void check() {
        for (PartitionRegistration registration : simulation.controller().partitions()) {
            PartitionGhost ghost = ghost(registration.partition());
            checkController(registration, ghost);
            List<LiveReplica> live = simulation.liveReplicas(registration.partition());
            for (LiveReplica replica : live) {
                checkReplica(registration.partition(), replica, ghost);
            }
            checkLogMatching(registration, live);
            LiveReplica leader = currentLeader(registration, live);
            if (leader != null) {
                checkCommitted(registration.partition(), leader, ghost);
                checkIsrComplete(registration, leader, live, ghost);
                if (!leader.replica().maximalIsr().containsAll(registration.isr())) {
                    fail("isr-superset", registration.partition() + ": leader b" + leader.broker() + " advances its high watermark over "
                            + leader.replica().maximalIsr() + ", not all of the controller's ISR " + registration.isr());
                }
            }
        }
    }

    private record ReplicaKey(int broker, TopicPartition partition, long incarnation) {
    }

    /** A live replica as the checker sees it. */
    record LiveReplica(int broker, long incarnation, Replica replica, LogMirror mirror) {
    }

    private static LiveReplica currentLeader(PartitionRegistration registration, List<LiveReplica> live) {
        for (LiveReplica candidate : live) {
            Replica replica = candidate.replica();
            if (candidate.broker() == registration.leader() && replica.role() == Replica.Role.LEADER
                    && replica.leaderEpoch() == registration.leaderEpoch()) {
                return candidate;
            }
        }
        return null;
    }

    private void checkController(PartitionRegistration registration, PartitionGhost ghost) {
        TopicPartition partition = registration.partition();
        List<Integer> isr = registration.isr();
        List<Integer> elr = registration.elr();
        int leader = registration.leader();
        if (leader != PartitionState.NO_LEADER && !isr.contains(leader)
                || !registration.replicas().containsAll(isr) || !registration.replicas().containsAll(elr)
                || isr.stream().anyMatch(elr::contains) || isr.size() >= minIsr && !elr.isEmpty()
                || isr.stream().anyMatch(simulation.controller()::isFenced)) {
            fail("controller", "malformed metadata: " + registration);
        }
        if (registration.leaderEpoch() < ghost.controllerLeaderEpoch || registration.partitionEpoch() < ghost.controllerPartitionEpoch
                || leader != ghost.controllerLeader && ghost.controllerLeader != Integer.MIN_VALUE
                && registration.leaderEpoch() <= ghost.controllerLeaderEpoch) {
            fail("epochs", partition + ": controller went from leader " + ghost.controllerLeader + " e" + ghost.controllerLeaderEpoch
                    + " pe" + ghost.controllerPartitionEpoch + " to " + registration);
        }
        ghost.controllerLeader = leader;
        ghost.controllerLeaderEpoch = registration.leaderEpoch();
        ghost.controllerPartitionEpoch = registration.partitionEpoch();
    }

    private void checkReplica(TopicPartition partition, LiveReplica live, PartitionGhost ghost) {
        Replica replica = live.replica();
        String who = partition + " b" + live.broker();
        if (!(replica.logStartOffset() <= replica.highWatermark() && replica.highWatermark() <= replica.logEndOffset())) {
            fail("hw-bounds", who + ": logStart=" + replica.logStartOffset() + " hw=" + replica.highWatermark() + " leo="
                    + replica.logEndOffset());
        }
        List<EpochEntry> entries = replica.epochEntries();
        for (int i = 0; i < entries.size(); i++) {
            EpochEntry entry = entries.get(i);
            boolean ordered = i == 0 || entries.get(i - 1).epoch() < entry.epoch() && entries.get(i - 1).startOffset() < entry.startOffset();
            if (!ordered || entry.startOffset() > replica.logEndOffset()) {
                fail("epochs", who + ": epoch cache " + entries + " with log end " + replica.logEndOffset());
                break;
            }
        }
        // per incarnation: known epoch, the epoch of the last leader high watermark seen, that high watermark
        long[] seen = replicaEpochs.computeIfAbsent(new ReplicaKey(live.broker(), partition, live.incarnation()),
                k -> new long[] {-1, -1, -1});
        if (replica.leaderEpoch() < seen[0]) {
            fail("epochs", who + ": leader epoch went back from " + seen[0] + " to " + replica.leaderEpoch());
        }
        if (replica.role() == Replica.Role.LEADER) {
            Integer other = ghost.leaderOfEpoch.putIfAbsent(replica.leaderEpoch(), live.broker());
            if (other != null && other != live.broker()) {
                fail("epochs", partition + ": b" + other + " and b" + live.broker() + " both led epoch " + replica.leaderEpoch());
            }
            if (seen[1] == replica.leaderEpoch() && replica.highWatermark() < seen[2]) {
                fail("leader-hw-monotonic", who + ": high watermark went from " + seen[2] + " to " + replica.highWatermark()
                        + " in epoch " + replica.leaderEpoch());
            }
            seen[1] = replica.leaderEpoch();
            seen[2] = replica.highWatermark();
        }
        seen[0] = replica.leaderEpoch();
    }

    /**
     * After an unclean election a replica may hold records below its high watermark that the new leader never
     * had, until it truncates: then only replicas that have reconciled with the current leader (in the
     * controller's leader epoch) are compared. A replica still in an older epoch, a zombie leader or a follower
     * of one, has reconciled only with a leader that no longer leads.
     */
    private void checkLogMatching(PartitionRegistration registration, List<LiveReplica> live) {
        TopicPartition partition = registration.partition();
        boolean afterUncleanElection = registration.uncleanElections() > 0;
        for (int i = 0; i < live.size(); i++) {
            for (int j = i + 1; j < live.size(); j++) {
                LiveReplica a = live.get(i);
                LiveReplica b = live.get(j);
                if (afterUncleanElection && !(reconciledWithCurrentLeader(a, registration) && reconciledWithCurrentLeader(b, registration))) {
                    continue;
                }
                long below = Math.min(a.replica().highWatermark(), b.replica().highWatermark());
                below = Math.min(below, Math.min(a.mirror().size(), b.mirror().size()));
                if (a.mirror().prefixHash(below) != b.mirror().prefixHash(below)) {
                    fail("log-matching", partition + ": b" + a.broker() + " and b" + b.broker() + " differ below offset " + below
                            + " (first at " + firstDifference(a.mirror(), b.mirror(), below) + ")");
                }
            }
        }
    }

    private static boolean reconciledWithCurrentLeader(LiveReplica replica, PartitionRegistration registration) {
        return replica.replica().isReconciled() && replica.replica().leaderEpoch() == registration.leaderEpoch();
    }

    private static String firstDifference(LogMirror a, LogMirror b, long below) {
        for (long offset = 0; offset < below; offset++) {
            if (a.id(offset) != b.id(offset) || a.epoch(offset) != b.epoch(offset)) {
                return offset + ": r" + a.id(offset) + "@e" + a.epoch(offset) + " vs r" + b.id(offset) + "@e" + b.epoch(offset);
            }
        }
        return "?";
    }

    /**
     * Compares the current leader's log with what is committed (all of it when the leader or its log's
     * history changed since the last check, else only new offsets), then commits what it holds below its
     * high watermark and settles the claims at those offsets.
     */
    private void checkCommitted(TopicPartition partition, LiveReplica leader, PartitionGhost ghost) {
        LogMirror log = leader.mirror();
        int unclean = unclean(partition);
        long leaderKey = ((long) leader.broker() << 48) ^ ((long) leader.replica().leaderEpoch() << 24) ^ leader.incarnation();
        boolean full = leaderKey != ghost.checkedLeaderKey || log.truncations() != ghost.checkedLeaderTruncations;
        ghost.checkedLeaderKey = leaderKey;
        ghost.checkedLeaderTruncations = log.truncations();
        if (full) {
            for (int offset = 0; offset < ghost.committedSize; offset++) {
                boolean present = offset < log.size();
                if (present && log.id(offset) == ghost.committed[offset]) {
                    continue;
                }
                if (ghost.isProtected(ghost.committedCrashes[offset], ghost.committedUnclean[offset], unclean, tolerated)) {
                    fail("durability", partition + ": committed r" + ghost.committed[offset] + " at offset " + offset + " is "
                            + (present ? "replaced by r" + log.id(offset) : "missing") + " on leader b" + leader.broker()
                            + " e" + leader.replica().leaderEpoch() + " (log end " + log.size() + ")");
                    return;
                }
                if (!present) {
                    truncateCommitted(partition, leader, ghost, offset, unclean);
                    break;
                }
                ghost.set(offset, log.id(offset), unclean);
            }
        }
        long highWatermark = Math.min(leader.replica().highWatermark(), log.size());
        while (ghost.committedSize < highWatermark) {
            long offset = ghost.committedSize;
            ghost.commit(log.id(offset), unclean);
            settleClaims(partition, ghost, offset, log.id(offset), unclean);
        }
    }

    /** The leader's log ends at {@code offset}, below records committed earlier: fine only when none is protected. */
    private void truncateCommitted(TopicPartition partition, LiveReplica leader, PartitionGhost ghost, int offset, int unclean) {
        for (int later = offset; later < ghost.committedSize; later++) {
            if (ghost.isProtected(ghost.committedCrashes[later], ghost.committedUnclean[later], unclean, tolerated)) {
                fail("durability", partition + ": committed r" + ghost.committed[later] + " at offset " + later
                        + " is missing on leader b" + leader.broker() + " e" + leader.replica().leaderEpoch() + " (log end " + offset + ")");
                return;
            }
        }
        ghost.committedSize = offset;
    }

    private void settleClaims(TopicPartition partition, PartitionGhost ghost, long offset, long id, int unclean) {
        List<PartitionGhost.Claim> claims = ghost.claims.remove(offset);
        if (claims == null) {
            return;
        }
        for (PartitionGhost.Claim claim : claims) {
            if (claim.id() != id && ghost.isProtected(claim.crashes(), claim.unclean(), unclean, tolerated)) {
                fail("durability", partition + ": " + claim.what() + " at offset " + offset + " but r" + id + " was committed there");
            }
        }
    }

    /** The cluster did not converge after faults stopped. */
    void liveness(String gap) {
        fail("liveness", gap);
    }

    /** Claims still waiting to be committed, as text (for the liveness check), or empty. */
    String unsettledClaims() {
        StringBuilder text = new StringBuilder();
        ghosts.forEach((partition, ghost) -> {
            for (Iterator<Map.Entry<Long, List<PartitionGhost.Claim>>> it = ghost.claims.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, List<PartitionGhost.Claim>> entry = it.next();
                for (PartitionGhost.Claim claim : entry.getValue()) {
                    if (ghost.isProtected(claim.crashes(), claim.unclean(), unclean(partition), tolerated)) {
                        text.append(partition).append(": ").append(claim.what()).append(" at offset ").append(entry.getKey()).append("; ");
                    }
                }
            }
        });
        return text.toString();
    }
}
