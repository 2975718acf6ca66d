/**
 * What an engine plug-in implements: a {@link dev.varve.engine.spi.LogEngineProvider} registered with
 * {@link java.util.ServiceLoader}, which opens {@link dev.varve.engine.api.LogEngine}s given an
 * {@link dev.varve.engine.spi.EngineContext}. An engine proves it keeps the contract by passing the
 * engine conformance kit in {@code properties/}.
 */
package dev.varve.engine.spi;
