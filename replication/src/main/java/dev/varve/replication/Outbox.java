package dev.varve.replication;

/**
 * Where a node puts the messages it sends: the network seam. The simulation delivers them later (or
 * never); a real front end would write them to sockets. Sending never blocks and never fails.
 */
@FunctionalInterface
public interface Outbox {

    /** Sends {@code message} to node {@code destination}. */
    void send(int destination, Message message);
}
