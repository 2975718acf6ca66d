/**
 * {@code varve dump}: decodes files of Kafka v2 record batches into one line per batch (and per
 * record with {@code --records}), as text in the style of Kafka's {@code DumpLogSegments} or as one
 * JSON object a line.
 *
 * <p>How it reads: {@link dev.varve.cli.dump.LogFileDumper} maps the file read-only in windows of at
 * most 2 GiB and walks it with the engine's {@code RecordBatchReader} without CRC enforcement, so a
 * batch whose CRC fails is shown ({@code crcValid=false}) and the walk goes on while the framing
 * holds; so is a batch out of place in its file, by the fields the CRC does not cover
 * ({@code structureValid=false} and {@code structureError}: offsets not above the previous batch's or
 * outside the segment), and either makes the exit code 1 with one line naming
 * file and position; a broken header or torn tail ends the walk with one error line. A
 * {@link dev.varve.cli.dump.BatchDescriber} turns each batch into named {@link dev.varve.cli.dump.Field}s,
 * which a {@link dev.varve.cli.dump.DumpFormat} renders: the field list is defined once, so text and
 * JSON always show the same facts. Nothing here writes to the files it reads.
 */
package dev.varve.cli.dump;
