package dev.varve.properties.record;

import static dev.varve.engine.record.RecordBatchDescriptor.*;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import dev.varve.engine.record.Varint;
import dev.varve.engine.record.codec.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Ways to damage valid batches, as data: each mutation prints as one short line and is applied to a
 * {@link Material}. Positions and indexes are drawn as raw non-negative ints and taken modulo the
 * size they index, so one mutation applies to any material and shrinks towards position 0.
 *
 * <p>Some mutations re-stamp the CRC (and, for record sections, recompress and fix the batch length)
 * so that the damage gets past the batch checks and reaches the record parser and the decompressor.
 */
final class Mutations {
    private static final int[] INT_EXTREMES = {Integer.MIN_VALUE, -2, -1, 0, 1, 48, 49, 61, Integer.MAX_VALUE - 11, Integer.MAX_VALUE};
    private static final long[] LONG_EXTREMES = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};

    private Mutations() {
    }

    interface Mutation {
        byte[] apply(Material material);
    }

    /** Flips 1..8 bits anywhere; with {@code fixCrc}, re-stamps every batch's CRC over its original extent. */
    record FlipBits(List<Integer> positions, boolean fixCrc) implements Mutation {
        public byte[] apply(Material material) {
            byte[] bytes = material.bytes();
            flip(bytes, positions);
            if (fixCrc) {
                int start = 0;
                for (byte[] batch : material.batches) {
                    restampCrc(bytes, start, batch.length);
                    start += batch.length;
                }
            }
            return bytes;
        }
    }

    /** Cuts the bytes short at {@code raw % size}. */
    record Truncate(int raw) implements Mutation {
        public byte[] apply(Material material) {
            byte[] bytes = material.bytes();
            return Arrays.copyOf(bytes, raw % bytes.length);
        }
    }

    /** Header fields worth lying about: lengths, counts, deltas, magic, attributes. */
    enum Field {
        BATCH_LENGTH(BATCH_LENGTH_OFFSET, 4), MAGIC(MAGIC_OFFSET, 1), ATTRIBUTES(ATTRIBUTES_OFFSET, 2),
        LAST_OFFSET_DELTA(LAST_OFFSET_DELTA_OFFSET, 4), RECORDS_COUNT(RECORDS_COUNT_OFFSET, 4),
        BASE_OFFSET(BASE_OFFSET_OFFSET, 8), BASE_TIMESTAMP(BASE_TIMESTAMP_OFFSET, 8), BASE_SEQUENCE(BASE_SEQUENCE_OFFSET, 4);

        final int offset;
        final int width;

        Field(int offset, int width) {
            this.offset = offset;
            this.width = width;
        }
    }

    /** Overwrites one header field of one batch with an extreme value ({@code choice} indexes them), CRC re-stamped or not. */
    record OverwriteField(int batch, Field field, int choice, boolean fixCrc) implements Mutation {
        public byte[] apply(Material material) {
            List<byte[]> batches = copies(material);
            ByteBuffer buffer = ByteBuffer.wrap(batches.get(batch % batches.size()));
            int original = buffer.getInt(field.width == 4 ? field.offset : BATCH_LENGTH_OFFSET);
            switch (field.width) {
                case 1 -> buffer.put(field.offset, (byte) (choice % 5 - 1));
                case 2 -> buffer.putShort(field.offset, (short) (choice * 0x1111));
                case 4 -> buffer.putInt(field.offset, intValue(choice, original));
                default -> buffer.putLong(field.offset, LONG_EXTREMES[choice % LONG_EXTREMES.length]);
            }
            if (fixCrc && field != Field.BATCH_LENGTH) {
                new RecordBatchFlyweight().wrap(buffer, 0).writeCrc();
            }
            return Material.concat(batches);
        }
    }

    /** Sets a batch's codec bits to {@code codecId} (0..7, 5..7 name no codec) and re-stamps the CRC. */
    record CodecBits(int batch, int codecId) implements Mutation {
        public byte[] apply(Material material) {
            List<byte[]> batches = copies(material);
            ByteBuffer buffer = ByteBuffer.wrap(batches.get(batch % batches.size()));
            buffer.putShort(ATTRIBUTES_OFFSET, (short) (buffer.getShort(ATTRIBUTES_OFFSET) & ~CODEC_MASK | codecId));
            new RecordBatchFlyweight().wrap(buffer, 0).writeCrc();
            return Material.concat(batches);
        }
    }

    /** Random bytes instead of the material; with {@code plausible}, a v2 magic, a matching length and a good CRC. */
    record Garbage(int length, long seed, boolean plausible) implements Mutation {
        public byte[] apply(Material material) {
            byte[] bytes = BatchGenerators.random(length, seed);
            if (plausible && length >= HEADER_SIZE) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                buffer.put(MAGIC_OFFSET, MAGIC_V2).putInt(BATCH_LENGTH_OFFSET, length - LOG_OVERHEAD);
                buffer.putShort(ATTRIBUTES_OFFSET, (short) (buffer.getShort(ATTRIBUTES_OFFSET) & 0x3f));
                new RecordBatchFlyweight().wrap(buffer, 0).writeCrc();
            }
            return bytes;
        }
    }

    /** Damage done to an uncompressed record section. */
    interface SectionMutation {
        byte[] apply(byte[] section, List<VarintField> fields);
    }

    /** Where one varint or varlong of the record section lies, and what it holds. */
    record VarintField(int position, int width, boolean isLong, long value) {
    }

    record SectionFlip(List<Integer> positions) implements SectionMutation {
        public byte[] apply(byte[] section, List<VarintField> fields) {
            byte[] copy = section.clone();
            flip(copy, positions);
            return copy;
        }
    }

    record SectionTruncate(int raw) implements SectionMutation {
        public byte[] apply(byte[] section, List<VarintField> fields) {
            return Arrays.copyOf(section, section.length == 0 ? 0 : raw % section.length);
        }
    }

    record SectionInsert(int rawPosition, int length, long seed) implements SectionMutation {
        public byte[] apply(byte[] section, List<VarintField> fields) {
            int at = rawPosition % (section.length + 1);
            byte[] inserted = BatchGenerators.random(length, seed);
            byte[] out = new byte[section.length + length];
            System.arraycopy(section, 0, out, 0, at);
            System.arraycopy(inserted, 0, out, at, length);
            System.arraycopy(section, at, out, at + length, section.length - at);
            return out;
        }
    }

    /**
     * Replaces one varint of the section (a record length, timestamp or offset delta, key, value or
     * header length, header count) with an extreme value or an over-long encoding.
     */
    record SectionVarint(int rawField, int choice) implements SectionMutation {
        public byte[] apply(byte[] section, List<VarintField> fields) {
            VarintField field = fields.get(rawField % fields.size());
            byte[] encoding = encode(field, choice);
            byte[] out = new byte[section.length - field.width + encoding.length];
            System.arraycopy(section, 0, out, 0, field.position);
            System.arraycopy(encoding, 0, out, field.position, encoding.length);
            System.arraycopy(section, field.position + field.width, out, field.position + encoding.length,
                    section.length - field.position - field.width);
            return out;
        }
    }

    /**
     * Damages the record section of one batch, optionally shifts its record count, then recompresses
     * it with the batch's codec, fixes the batch length and re-stamps the CRC: the damage reaches the
     * record parser past every batch-level check.
     */
    record RecordSection(int batch, SectionMutation damage, int countChange) implements Mutation {
        public byte[] apply(Material material) {
            List<byte[]> batches = copies(material);
            int index = batch % batches.size();
            Material.Piece piece = material.pieces.get(index);
            byte[] section = piece.uncompressedSection();
            byte[] damaged = damage.apply(section, fields(batches.get(index), section));
            byte[] body = piece.codec() == CompressionCodec.NONE ? damaged : KafkaBatches.compress(piece.codec(), damaged);
            ByteBuffer rebuilt = ByteBuffer.allocate(HEADER_SIZE + body.length);
            rebuilt.put(0, batches.get(index), 0, HEADER_SIZE).put(HEADER_SIZE, body);
            rebuilt.putInt(BATCH_LENGTH_OFFSET, rebuilt.capacity() - LOG_OVERHEAD);
            rebuilt.putInt(RECORDS_COUNT_OFFSET, rebuilt.getInt(RECORDS_COUNT_OFFSET) + countChange);
            new RecordBatchFlyweight().wrap(rebuilt, 0).writeCrc();
            batches.set(index, rebuilt.array());
            return Material.concat(batches);
        }
    }

    /** Mutations of every kind, weighted towards the ones that get past the CRC. */
    static Gen<Mutation> mutations() {
        Gen<Integer> raw = integers().between(0, Integer.MAX_VALUE);
        Gen<List<Integer>> bitPositions = lists().of(raw).ofSizeBetween(1, 8);
        Gen<Integer> batch = integers().between(0, 2);
        Gen<Mutation> flips = bitPositions.zip(booleans().all(), FlipBits::new);
        Gen<Mutation> truncate = raw.map(Truncate::new);
        Gen<Mutation> field = batch.zip(Generate.enumValues(Field.class), integers().between(0, 15), booleans().all(),
                OverwriteField::new);
        Gen<Mutation> codec = batch.zip(integers().between(0, 7), CodecBits::new);
        Gen<Mutation> garbage = integers().between(0, 400).zip(longs().all(), booleans().all(), Garbage::new);
        Gen<SectionMutation> damage = BatchGenerators.frequency(
                Pair.of(3, raw.zip(integers().between(0, 12), SectionVarint::new)),
                Pair.of(2, lists().of(raw).ofSizeBetween(1, 8).map(SectionFlip::new)),
                Pair.of(1, raw.map(SectionTruncate::new)),
                Pair.of(1, raw.zip(integers().between(1, 16), longs().all(), SectionInsert::new)));
        Gen<Integer> countChange = BatchGenerators.frequency(Pair.of(8, Generate.constant(0)),
                Pair.of(2, Generate.pick(List.of(-1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE))));
        Gen<Mutation> section = batch.zip(damage, countChange, RecordSection::new);
        return BatchGenerators.frequency(Pair.of(3, flips), Pair.of(2, truncate), Pair.of(3, field), Pair.of(1, codec),
                Pair.of(1, garbage), Pair.of(6, section));
    }

    static int intValue(int choice, int original) {
        return switch (choice) {
            case 10 -> original - 1;
            case 11 -> original + 1;
            case 12, 13, 14, 15 -> original * 2 + choice;
            default -> INT_EXTREMES[choice % INT_EXTREMES.length];
        };
    }

    private static byte[] encode(VarintField field, int choice) {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        int end;
        if (choice == 11) {
            byte[] overlong = new byte[field.isLong ? 11 : 6];
            Arrays.fill(overlong, (byte) 0xff);
            return overlong;
        } else if (choice == 12) {
            return field.isLong ? new byte[] {(byte) 0x80, (byte) 0x80} : new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        } else if (field.isLong) {
            long value = choice < LONG_EXTREMES.length ? LONG_EXTREMES[choice] : field.value + choice;
            end = Varint.writeVarlong(buffer, 0, value);
        } else {
            end = Varint.writeVarint(buffer, 0, intValue(choice, (int) field.value));
        }
        return Arrays.copyOf(buffer.array(), end);
    }

    /** The varints of an uncompressed record section, found by reading it as an uncompressed batch. */
    static List<VarintField> fields(byte[] originalBatch, byte[] section) {
        ByteBuffer batch = ByteBuffer.allocate(HEADER_SIZE + section.length);
        batch.put(0, originalBatch, 0, HEADER_SIZE).put(HEADER_SIZE, section);
        batch.putShort(ATTRIBUTES_OFFSET, (short) (batch.getShort(ATTRIBUTES_OFFSET) & ~CODEC_MASK));
        batch.putInt(BATCH_LENGTH_OFFSET, batch.capacity() - LOG_OVERHEAD);
        List<VarintField> fields = new ArrayList<>();
        RecordBatchReader reader = new RecordBatchReader(false).reset(batch);
        reader.next();
        try (RecordReader records = new RecordReader()) {
            records.open(reader.batch());
            int start = HEADER_SIZE;
            while (records.next()) {
                int afterLength = varint(fields, batch, start, false);
                int afterTimestamp = varint(fields, batch, afterLength + 1, true);
                varint(fields, batch, afterTimestamp, false);
                varint(fields, batch, records.keyOffset() - Varint.sizeOfVarint(records.keyLength()), false);
                varint(fields, batch, records.valueOffset() - Varint.sizeOfVarint(records.valueLength()), false);
                int headerCount = records.valueOffset() + Math.max(records.valueLength(), 0);
                varint(fields, batch, headerCount, false);
                RecordReader.HeaderCursor cursor = records.headerCursor();
                while (cursor.next()) {
                    varint(fields, batch, cursor.keyOffset() - Varint.sizeOfVarint(cursor.keyLength()), false);
                    varint(fields, batch, cursor.valueOffset() - Varint.sizeOfVarint(cursor.valueLength()), false);
                }
                start += records.sizeInBytes();
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            VarintField f = fields.get(i);
            fields.set(i, new VarintField(f.position - HEADER_SIZE, f.width, f.isLong, f.value));
        }
        return fields;
    }

    /** Records the varint at {@code at}; returns the index after it. */
    private static int varint(List<VarintField> fields, ByteBuffer batch, int at, boolean isLong) {
        if (isLong) {
            long value = Varint.readVarlong(batch, at, batch.limit());
            int width = Varint.sizeOfVarlongAt(batch, at);
            fields.add(new VarintField(at, width, true, value));
            return at + width;
        }
        long packed = Varint.readVarint(batch, at, batch.limit());
        fields.add(new VarintField(at, Varint.width(packed), false, Varint.value(packed)));
        return at + Varint.width(packed);
    }

    private static void flip(byte[] bytes, List<Integer> positions) {
        if (bytes.length == 0) {
            return;
        }
        for (int raw : positions) {
            bytes[raw % bytes.length] ^= (byte) (1 << (raw / bytes.length % 8));
        }
    }

    private static void restampCrc(byte[] bytes, int start, int size) {
        if (size < HEADER_SIZE || start + size > bytes.length) {
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, start + ATTRIBUTES_OFFSET, size - ATTRIBUTES_OFFSET);
        ByteBuffer.wrap(bytes).putInt(start + CRC_OFFSET, (int) crc.getValue());
    }

    private static List<byte[]> copies(Material material) {
        List<byte[]> copies = new ArrayList<>();
        for (byte[] batch : material.batches) {
            copies.add(batch.clone());
        }
        return copies;
    }
}
