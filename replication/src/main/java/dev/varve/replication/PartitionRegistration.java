package dev.varve.replication;

import dev.varve.engine.api.TopicPartition;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's committed metadata of one partition: replicas, leader, leader and partition epochs, ISR
 * and ELR (KIP-966). Mutated only by the {@link Controller}; {@link #state()} is the immutable view it
 * publishes. Lists keep the replica order, so elections and traces are deterministic.
 */
public final class PartitionRegistration {
    private final TopicPartition partition;
    private final List<Integer> replicas;
    private int leader;
    private int leaderEpoch;
    private int partitionEpoch;
    private final List<Integer> isr;
    private final List<Integer> elr = new ArrayList<>();
    private int uncleanElections;

    PartitionRegistration(TopicPartition partition, List<Integer> replicas) {
        this.partition = partition;
        this.replicas = List.copyOf(replicas);
        this.isr = new ArrayList<>(replicas);
        this.leader = replicas.get(0);
    }

    public TopicPartition partition() {
        return partition;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    /** The leader's broker id, or {@link Message.PartitionState#NO_LEADER}. */
    public int leader() {
        return leader;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public int partitionEpoch() {
        return partitionEpoch;
    }

    public List<Integer> isr() {
        return List.copyOf(isr);
    }

    /** Eligible leader replicas: former ISR members known complete while the ISR is below min.insync.replicas. */
    public List<Integer> elr() {
        return List.copyOf(elr);
    }

    /** The metadata as brokers receive it. */
    public Message.PartitionState state() {
        return new Message.PartitionState(partition, replicas, leader, leaderEpoch, partitionEpoch, List.copyOf(isr));
    }

    /**
     * Commits a new ISR (in replica order), moving members that leave it into the ELR while the new ISR is
     * below {@code minIsr}, clearing the ELR once it is not, and never keeping {@code excluded} in the ELR.
     */
    void changeIsr(List<Integer> newIsr, int minIsr, List<Integer> excluded) {
        List<Integer> ordered = new ArrayList<>(replicas);
        ordered.retainAll(newIsr);
        if (ordered.size() < minIsr) {
            for (int member : isr) {
                if (!ordered.contains(member) && !elr.contains(member)) {
                    elr.add(member);
                }
            }
            elr.removeAll(ordered);
            elr.removeAll(excluded);
            elr.sort(java.util.Comparator.comparingInt(replicas::indexOf));
        } else {
            elr.clear();
        }
        isr.clear();
        isr.addAll(ordered);
        partitionEpoch++;
    }

    /** Makes {@code newLeader} (or none) the leader; a change of leader bumps the leader epoch. */
    void changeLeader(int newLeader) {
        if (newLeader != leader) {
            leader = newLeader;
            leaderEpoch++;
        }
        partitionEpoch++;
    }

    /** An unclean election: the new leader alone forms the ISR, the ELR is cleared. */
    void electUnclean(int newLeader) {
        isr.clear();
        isr.add(newLeader);
        elr.clear();
        uncleanElections++;
    }

    /** How many unclean elections this partition had. */
    public int uncleanElections() {
        return uncleanElections;
    }

    /** An ELR member elected while the ISR is empty: it alone forms the ISR and leaves the ELR (KIP-966). */
    void electFromElr(int newLeader) {
        elr.remove(Integer.valueOf(newLeader));
        isr.clear();
        isr.add(newLeader);
    }

    @Override
    public String toString() {
        return partition + " leader=" + leader + " e" + leaderEpoch + " pe" + partitionEpoch + " isr=" + isr + " elr=" + elr;
    }
}
