/**
 * The compression codecs of Kafka's record batches: reusable {@link dev.varve.engine.record.codec.Compressor}s
 * and {@link dev.varve.engine.record.codec.Decompressor}s for none, gzip, snappy, lz4 and zstd, found
 * through {@link dev.varve.engine.record.codec.CompressionCodec}.
 *
 * <p><b>Framing is Kafka's.</b> Each codec writes and reads exactly the stream Apache Kafka's
 * clients (4.x, {@code org.apache.kafka.common.compress}) write and read for record batch magic v2,
 * so a batch compressed here decompresses in Kafka and the reverse: gzip is an RFC 1952 member
 * ({@code GZIPOutputStream}); snappy is xerial's {@code SnappyOutputStream} framing with 32 KiB
 * blocks; lz4 is Kafka's own LZ4 frame with 64 KiB independent blocks; zstd is a standard zstd
 * frame. The {@code *Descriptor} classes hold the layouts with their diagrams; the unit tests use
 * kafka-clients as the oracle in both directions.
 *
 * <p><b>Speed.</b> A compressor or decompressor keeps its native context (Deflater, Inflater, zstd
 * context) and its direct buffers for its whole life, growing buffers by doubling only, so a
 * steady-state call allocates nothing but the odd exception; this is what lets batch compression run
 * near the raw codec's speed where Kafka builds a new stream per batch.
 *
 * <p><b>Hostile input.</b> A decompressor trusts no size declared inside a stream for allocation,
 * never writes past the caller's {@code maxBytes}, and reports every problem with the input as a
 * {@link dev.varve.engine.api.CorruptRecordException} ({@code BAD_COMPRESSED_DATA} or
 * {@code DECOMPRESSED_TOO_LARGE}) positioned relative to the start of the stream; the codec libraries'
 * own exceptions never escape. Misuse (a target too small, a closed codec) is an unchecked
 * {@code IllegalArgumentException} or {@code IllegalStateException}.
 *
 * <p><b>Threading.</b> None of these objects is thread-safe: use one per thread. Nothing here keeps
 * state across a crash; the codecs are pure functions of their input.
 */
package dev.varve.engine.record.codec;
