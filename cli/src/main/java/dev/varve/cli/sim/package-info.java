/**
 * {@code varve sim}: the deterministic replication simulation of {@code dev.varve.replication.sim} from the
 * command line, a scenario script or a seeded random schedule, its trace on standard output.
 */
package dev.varve.cli.sim;
