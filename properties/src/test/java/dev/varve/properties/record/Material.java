package dev.varve.properties.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Valid input for the hostile-input properties: 1..3 batches (data batches of any codec, or
 * end-transaction markers), each written by our builder or by Kafka's, laid end to end. Mutations
 * start from these bytes and from the batch boundaries and uncompressed record sections known here.
 */
final class Material {

    /** Who writes a batch. */
    enum Writer { OURS, KAFKA }

    /** One batch of the material: a {@link BatchSpec} or a {@link ControlSpec}, and its writer. */
    record Piece(Object spec, Writer writer) {
        ByteBuffer build() {
            if (spec instanceof BatchSpec batch) {
                return writer == Writer.OURS ? VarveBatches.build(batch) : KafkaBatches.build(batch);
            }
            return writer == Writer.OURS ? VarveBatches.build((ControlSpec) spec) : KafkaBatches.build((ControlSpec) spec);
        }

        /** The codec the batch is written with. */
        dev.varve.engine.record.codec.CompressionCodec codec() {
            return spec instanceof BatchSpec batch ? batch.codec() : dev.varve.engine.record.codec.CompressionCodec.NONE;
        }

        /** The record section before compression: the same bytes whichever writer compresses it. */
        byte[] uncompressedSection() {
            if (spec instanceof BatchSpec batch) {
                return VarveBatches.uncompressedSection(batch);
            }
            ByteBuffer marker = VarveBatches.build((ControlSpec) spec);
            return KafkaBatches.bytes(marker.position(dev.varve.engine.record.RecordBatchDescriptor.RECORDS_OFFSET));
        }

        @Override
        public String toString() {
            return writer.name().toLowerCase() + ":" + spec;
        }
    }

    final List<Piece> pieces;
    final List<byte[]> batches = new ArrayList<>();

    Material(List<Piece> pieces) {
        this.pieces = pieces;
        for (Piece piece : pieces) {
            batches.add(KafkaBatches.bytes(piece.build()));
        }
    }

    /** The batches laid end to end. */
    static byte[] concat(List<byte[]> batches) {
        int total = 0;
        for (byte[] batch : batches) {
            total += batch.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] batch : batches) {
            System.arraycopy(batch, 0, all, at, batch.length);
            at += batch.length;
        }
        return all;
    }

    byte[] bytes() {
        return concat(batches);
    }

    @Override
    public String toString() {
        return pieces.toString();
    }
}
