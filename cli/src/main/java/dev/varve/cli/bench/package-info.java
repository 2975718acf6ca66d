/**
 * {@code varve bench}: the front door of the batching and compression study. The command checks the
 * options and runs the study (module {@code bench}, package {@code dev.varve.bench.study}) in a child
 * JVM with inherited standard streams, so the CLI jar neither ships nor loads Apache Kafka, the peer the
 * study measures against; see that package's documentation for the reasons.
 */
package dev.varve.cli.bench;
