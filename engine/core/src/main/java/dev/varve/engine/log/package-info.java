/**
 * What every log engine shares, whatever it stores batches in: the append path
 * ({@link dev.varve.engine.log.BatchValidator}: validate, copy, assign offsets, stamp, and compute the
 * {@link dev.varve.engine.api.AppendResult}) and the record-level lookup by timestamp
 * ({@link dev.varve.engine.log.TimestampSearch}). Engines own their storage, locking and crash
 * behaviour; this package owns the rules, so the in-memory engine, the segmented engine and any other
 * accept, refuse and number records identically. Nothing here does I/O or keeps state between calls
 * beyond reusable parsing contexts.
 */
package dev.varve.engine.log;
