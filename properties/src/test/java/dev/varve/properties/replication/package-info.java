/**
 * Property suites over the replication protocol: QuickTheories generates fault schedules (crashes, restarts,
 * link cuts and heals, lossy networks, produce with every acks mode, elections, time) for 3 and 5 brokers and
 * several partitions, runs them through the deterministic {@link dev.varve.replication.sim.Simulation}, which
 * checks every invariant after every step, and shrinks a failure to a minimal schedule printed as a scenario
 * script for {@code ./varve sim --script}. The witness test runs the same suite against the pre-KIP-101
 * protocol and asserts that it finds that protocol's data loss by itself. See properties/README.md.
 */
package dev.varve.properties.replication;
