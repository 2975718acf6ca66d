/**
 * The {@code segmented} engine: each partition a folder of Kafka-compatible segment files
 * ({@code .log}, {@code .index}, {@code .timeindex}), appended through the shared
 * {@link dev.varve.engine.log.BatchValidator}, read through sparse indexes with zero-copy slices,
 * recovered after a crash by re-validating from the recovery point, and trimmed by retention.
 *
 * <p>Design charter. Kafka's layout and rules, byte for byte, so Kafka's tools read our folders and we
 * read Kafka's; bounded memory in every scan (headers one at a time, CRCs in chunks); every file
 * change that must survive a crash goes through a rename or an fsync whose order is documented at the
 * call site. Only {@link dev.varve.engine.segmented.SegmentedLogEngine}, its provider and the cleaner's
 * view of a log, {@link dev.varve.engine.segmented.CleanableLog}, are public.
 */
package dev.varve.engine.segmented;
