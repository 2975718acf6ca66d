/**
 * {@code varve consume}: reads a topic's partition logs from a starting point to the log end as it was
 * when the command started, and prints each record as text or a JSON line. It does not wait for new
 * records: it is a reader of what is stored, not a subscriber.
 */
package dev.varve.cli.consume;
