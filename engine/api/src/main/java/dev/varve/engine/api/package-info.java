/**
 * What a broker calls: {@link dev.varve.engine.api.LogEngines} finds an engine by name,
 * {@link dev.varve.engine.api.LogEngine} owns a data directory's partition logs, and
 * {@link dev.varve.engine.api.PartitionLog} appends, reads, truncates and flushes one partition's
 * Kafka v2 record batches, configured by {@link dev.varve.engine.api.LogConfig} with Kafka's names and
 * defaults.
 *
 * <p>Error policy: expected outcomes are results, never exceptions. Corruption and misuse are
 * exceptions, all subtypes of {@link dev.varve.engine.api.VarveException}, one subtype per cause a
 * caller can act on, each carrying the matching Kafka error code and {@code name=value} details
 * (file, position, offset). This module depends on the JDK only.
 */
package dev.varve.engine.api;
