/**
 * Kafka's replication protocol, as message-driven state machines: a {@link dev.varve.replication.Controller}
 * (registration, fencing, elections from the ISR and ELR, AlterPartition), {@link dev.varve.replication.Broker}s
 * and their per-partition {@link dev.varve.replication.Replica}s (leader: acks, min.insync.replicas, high
 * watermark, ISR shrink and expansion; follower: truncation by leader epoch, fetching), the
 * {@link dev.varve.replication.LeaderEpochCache} with Kafka's {@code leader-epoch-checkpoint}.
 *
 * <p>Charter. <b>No threads, no clocks, no randomness</b>: every state machine is driven by
 * {@code receive(from, message, nowMs)} and {@code tick(nowMs)}, and talks only through an
 * {@link dev.varve.replication.Outbox}; the same code runs in the deterministic simulation
 * ({@code dev.varve.replication.sim}) and could run behind sockets. <b>Storage through the engine SPI</b>:
 * logs are {@link dev.varve.engine.api.PartitionLog}s ({@code appendAsLeader}, {@code appendAsFollower},
 * {@code truncateTo}), so any engine replicates. <b>Errors</b>: protocol outcomes are
 * {@link dev.varve.replication.ErrorCode} results in responses, with Kafka's codes; misuse is an
 * {@link IllegalArgumentException}. <b>Kafka's rules</b>, with the version each comes from, are cited where
 * they are implemented; {@link dev.varve.replication.TruncationProtocol#HIGH_WATERMARK} keeps the pre-KIP-101
 * rule as a witness that the checks find its data loss.
 */
package dev.varve.replication;
