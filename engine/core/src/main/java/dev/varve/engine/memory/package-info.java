/**
 * The in-memory log engine ({@code memory}): the reference implementation of the engine SPI, used as the
 * model in tests and simulations. {@link dev.varve.engine.memory.MemoryLogEngine} is the only public
 * class besides its provider; it documents the lifetime (a JVM-wide registry keyed by data directory),
 * the durable prefix that survives {@link dev.varve.engine.memory.MemoryLogEngine#crash()}, and the
 * threading. Appends go through the shared {@link dev.varve.engine.log.BatchValidator}, so the memory
 * engine accepts and numbers exactly what the segmented engine does.
 */
package dev.varve.engine.memory;
