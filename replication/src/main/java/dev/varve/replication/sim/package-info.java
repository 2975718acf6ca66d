/**
 * The deterministic simulation of the replication protocol: one thread, a simulated clock, a seeded
 * network that delays, drops, duplicates and reorders messages and cuts links, brokers over the memory
 * engine that lose their unflushed tails on a crash, a producer and a consumer, and the invariants checked
 * after every step ({@link dev.varve.replication.sim.Invariants}).
 *
 * <p>How to drive it: build a {@link dev.varve.replication.sim.SimConfig}, open a
 * {@link dev.varve.replication.sim.Simulation}, then call {@code apply(action)} with
 * {@link dev.varve.replication.sim.SimAction}s (a scenario) or {@code step()} (the seeded random schedule);
 * each returns the violations that step found, and every step is written to the
 * {@link dev.varve.replication.sim.Trace}. End with a {@code settle} step to check liveness.
 *
 * <p>How to read a trace: each step is a line {@code #n t=ms action}, followed by indented events (records
 * sent, acknowledged, refused; crashes) and one line per partition: the controller's view
 * ({@code ctl leader=b1 e3 isr=[1, 2]}, plus {@code elr=} when not empty), then each replica as
 * {@code bN L|F e<leader epoch> leo=<log end> hw=<high watermark>} ({@code L} leader with its maximal ISR,
 * {@code F} follower, {@code down}, {@code starting}); then any {@code VIOLATION} lines. The same seed and
 * steps always give the same lines; {@link dev.varve.replication.sim.Trace#digest()} fingerprints a run.
 */
package dev.varve.replication.sim;
