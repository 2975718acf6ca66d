/**
 * Kafka's record batch format v2 (magic 2), byte for byte: {@link dev.varve.engine.record.RecordBatchDescriptor}
 * and {@link dev.varve.engine.record.RecordDescriptor} fix the layout, {@link dev.varve.engine.record.RecordBatchBuilder}
 * writes batches, {@link dev.varve.engine.record.RecordBatchReader} walks and checks them, and
 * {@link dev.varve.engine.record.RecordReader} iterates their records.
 *
 * <p>Design charter. Readers are flyweights over {@link java.nio.ByteBuffer}s: they read at absolute
 * indexes and allocate nothing per batch or per record. Writers reuse their buffers and codec
 * contexts. Every read of untrusted bytes is bounded: a declared size is compared with the bytes
 * that hold it before it is used, decompression stops at a caller-given bound, and any violation is
 * one {@link dev.varve.engine.api.CorruptRecordException} naming the reason and the position. No
 * class here is thread-safe; use one instance per thread.
 */
package dev.varve.engine.record;
