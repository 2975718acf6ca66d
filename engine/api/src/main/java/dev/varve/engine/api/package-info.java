/**
 * What a broker calls: the typed exceptions every Varve engine throws, and (with the log engine
 * issue) the partition log contract.
 *
 * <p>Error policy: expected outcomes are results, never exceptions. Corruption and misuse are
 * exceptions, all subtypes of {@link dev.varve.engine.api.VarveException}, one subtype per cause a
 * caller can act on, each carrying the matching Kafka error code and {@code name=value} details
 * (file, position, offset). This module depends on the JDK only.
 */
package dev.varve.engine.api;
