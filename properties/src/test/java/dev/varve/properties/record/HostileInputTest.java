package dev.varve.properties.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzing with structure: valid batches from both writers, damaged in every way {@link Mutations}
 * knows, must read to the end or fail with exactly one {@code CorruptRecordException} at a position
 * inside the buffer, never anything else (see {@link HostileReader} for the rule).
 */
class HostileInputTest {

    /** 1..3 batches, written by us or by Kafka, of any codec (ours only writes the implemented ones). */
    static Gen<Material> materials() {
        Gen<Object> spec = BatchGenerators.frequency(
                Pair.of(4, BatchGenerators.batches(Codecs.all(), BatchGenerators.smallRecordCounts()).map(b -> (Object) b)),
                Pair.of(1, BatchGenerators.markers().map(m -> (Object) m)));
        Gen<Material.Piece> piece = spec.zip(Generate.enumValues(Material.Writer.class), (s, writer) ->
                new Material.Piece(s, s instanceof BatchSpec b && !Codecs.isImplemented(b.codec()) ? Material.Writer.KAFKA : writer));
        return lists().of(piece).ofSizeBetween(1, 3).map(Material::new).describedAs(Material::toString);
    }

    @Test
    void validInputShouldReadToTheEndWithoutError() {
        qt().withExamples(Examples.count(2))
                .forAll(materials())
                .checkAssert(material -> assertNull(HostileReader.readAndCheck(material.bytes()).error()));
    }

    @Test
    void damagedInputShouldFailOnlyWithCorruptRecordException() {
        qt().withExamples(Examples.count() * 20)
                .forAll(materials(), Mutations.mutations())
                .checkAssert((material, mutation) -> HostileReader.readAndCheck(mutation.apply(material)));
    }

    /**
     * Differential: whatever damaged input we accept whole, Kafka accepts too (CRC included) and reads
     * as the same batches and records. We may be stricter than Kafka, never laxer or different.
     */
    @Test
    void damagedInputWeAcceptShouldReadTheSameInKafka() {
        qt().withExamples(Examples.count() * 10)
                .forAll(materials(), Mutations.mutations())
                .checkAssert((material, mutation) -> {
                    byte[] bytes = mutation.apply(material);
                    HostileReader.Outcome outcome = HostileReader.readAndCheck(bytes);
                    if (outcome.error() != null || !HostileReader.everyBatchReadable(bytes)) {
                        return;
                    }
                    List<Decoded.Batch> ours = VarveBatches.decodeAll(ByteBuffer.wrap(bytes));
                    List<Decoded.Batch> kafkas = KafkaBatches.decodeAll(ByteBuffer.wrap(bytes));
                    assertEquals(ours.size(), kafkas.size(), "batches");
                    for (int i = 0; i < ours.size(); i++) {
                        Decoded.assertSame(kafkas.get(i), ours.get(i), "batch #" + i + " as Kafka reads it");
                    }
                });
    }

    /**
     * The same bytes read from a position inside a larger buffer (a slice of a segment, a request
     * body) fail with the same reason at the same position, counted from where reading started.
     */
    @Test
    void errorPositionsShouldNotDependOnWhereTheBytesSitInTheBuffer() {
        qt().withExamples(Examples.count() * 5)
                .forAll(materials(), Mutations.mutations(), Generate.range(1, 64))
                .checkAssert((material, mutation, pad) -> {
                    byte[] bytes = mutation.apply(material);
                    HostileReader.Outcome atZero = HostileReader.read(bytes, 0);
                    HostileReader.Outcome padded = HostileReader.read(bytes, pad);
                    assertEquals(atZero.validBytes(), padded.validBytes(), "valid bytes");
                    assertEquals(atZero.error() == null ? null : atZero.error().reason(),
                            padded.error() == null ? null : padded.error().reason(), "reason");
                    assertEquals(atZero.error() == null ? null : atZero.error().position(),
                            padded.error() == null ? null : padded.error().position(),
                            "position of " + padded.error() + " read from index " + pad);
                });
    }

    @Test
    void randomBytesShouldFailOnlyWithCorruptRecordException() {
        qt().withExamples(Examples.count())
                .forAll(Generate.range(0, 600).zip(longs().all(), booleans().all(), Mutations.Garbage::new))
                .checkAssert(garbage -> HostileReader.readAndCheck(garbage.apply(null)));
    }
}
