package dev.varve.lmdb;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The value of a segment record, version {@value #VERSION}; the key ({@link SegmentKeyDescriptor}) holds the
 * partition, base offset and segment id. Big-endian:
 * <pre>
 *  0         1       2             10                 18            26              30                 38      40
 *  +---------+-------+-------------+------------------+-------------+---------------+------------------+-------+
 *  | version | state | endOffset   | maxTimestampMs   | sizeBytes   | leaderEpoch   | stateChangedMs   | count |
 *  | u8      | u8    | i64         | i64              | i64         | i32           | i64              | u16   |
 *  +---------+-------+-------------+------------------+-------------+---------------+------------------+-------+
 *  then count objects, each:  keyLength u16 | key UTF-8 | sizeBytes i64 | checksumLength u8 | checksum ASCII
 *  then crc32c u32 of the key's bytes followed by every byte of the value before it
 * </pre>
 * The CRC covers the key too (version 2), since LMDB keeps no checksums: a damaged key would otherwise move a
 * record to another partition, offset or id unseen. Version 1 values, whose CRC covers the value alone, are
 * still read. A reader checks the CRC first, then every length against the bytes that hold it, then the record's own rules;
 * any failure is a {@link CorruptRemoteMetadataException}. A later version adds fields after {@code count}'s
 * objects and bumps the version byte; this reader refuses versions it does not know.
 */
final class SegmentValueCodec {
    static final byte VERSION = 2;
    /** The first version, whose CRC does not cover the key: read, never written. */
    static final byte VALUE_ONLY_CRC_VERSION = 1;
    static final int VERSION_OFFSET = 0;
    static final int STATE_OFFSET = 1;
    static final int END_OFFSET_OFFSET = 2;
    static final int MAX_TIMESTAMP_OFFSET = 10;
    static final int SIZE_OFFSET = 18;
    static final int LEADER_EPOCH_OFFSET = 26;
    static final int STATE_CHANGED_OFFSET = 30;
    static final int COUNT_OFFSET = 38;
    static final int HEADER_LENGTH = 40;
    static final int CRC_LENGTH = Integer.BYTES;

    private SegmentValueCodec() {
    }

    static byte[] encode(RemoteSegmentMetadata segment) {
        List<byte[]> keys = new ArrayList<>(segment.objects().size());
        int length = HEADER_LENGTH + CRC_LENGTH;
        for (RemoteObject object : segment.objects()) {
            byte[] key = object.key().getBytes(StandardCharsets.UTF_8);
            keys.add(key);
            length += Short.BYTES + key.length + Long.BYTES + 1 + object.checksum().length();
        }
        ByteBuffer value = ByteBuffer.allocate(length).put(VERSION).put(segment.state().id())
                .putLong(segment.endOffset()).putLong(segment.maxTimestampMs()).putLong(segment.sizeBytes())
                .putInt(segment.leaderEpoch()).putLong(segment.stateChangedMs()).putShort((short) keys.size());
        for (int i = 0; i < keys.size(); i++) {
            RemoteObject object = segment.objects().get(i);
            value.putShort((short) keys.get(i).length).put(keys.get(i)).putLong(object.sizeBytes())
                    .put((byte) object.checksum().length()).put(object.checksum().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] key = SegmentKeyDescriptor.key(segment.topicPartition(), segment.baseOffset(), segment.segmentId());
        value.putInt((int) crc(key, value.array(), length - CRC_LENGTH));
        return value.array();
    }

    /**
     * The record stored under {@code key} with {@code value}.
     *
     * @param file the store's data file, for the error
     * @throws CorruptRemoteMetadataException when the key or value is not a valid record
     */
    static RemoteSegmentMetadata decode(byte[] key, byte[] value, String file) {
        if (!SegmentKeyDescriptor.isWellFormed(key)) {
            throw corrupt(file, key, "malformed key");
        }
        if (value.length < HEADER_LENGTH + CRC_LENGTH) {
            throw corrupt(file, key, "value shorter than its header: length=" + value.length);
        }
        int crcPosition = value.length - CRC_LENGTH;
        long stored = Integer.toUnsignedLong(ByteBuffer.wrap(value, crcPosition, CRC_LENGTH).getInt());
        long computed = crc(value[VERSION_OFFSET] == VALUE_ONLY_CRC_VERSION ? new byte[0] : key, value, crcPosition);
        if (stored != computed) {
            throw corrupt(file, key, "checksum mismatch (of key and value): stored=" + Long.toHexString(stored)
                    + ", computed=" + Long.toHexString(computed));
        }
        if (value[VERSION_OFFSET] != VERSION && value[VERSION_OFFSET] != VALUE_ONLY_CRC_VERSION) {
            throw corrupt(file, key, "unknown value version: version=" + value[VERSION_OFFSET]);
        }
        RemoteSegmentState state = RemoteSegmentState.forId(value[STATE_OFFSET]);
        if (state == null) {
            throw corrupt(file, key, "unknown state id: state=" + value[STATE_OFFSET]);
        }
        ByteBuffer fields = ByteBuffer.wrap(value, 0, crcPosition);
        try {
            List<RemoteObject> objects = readObjects(fields, file, key);
            return new RemoteSegmentMetadata(SegmentKeyDescriptor.partition(key), SegmentKeyDescriptor.segmentId(key),
                    SegmentKeyDescriptor.baseOffset(key), fields.getLong(END_OFFSET_OFFSET),
                    fields.getLong(MAX_TIMESTAMP_OFFSET), fields.getLong(SIZE_OFFSET), fields.getInt(LEADER_EPOCH_OFFSET),
                    objects, state, fields.getLong(STATE_CHANGED_OFFSET));
        } catch (BufferUnderflowException e) {
            throw corrupt(file, key, "an object's length runs past the end of the value");
        } catch (IllegalArgumentException e) {
            throw corrupt(file, key, "invalid record: " + e.getMessage());
        }
    }

    private static List<RemoteObject> readObjects(ByteBuffer fields, String file, byte[] key) {
        int count = Short.toUnsignedInt(fields.getShort(COUNT_OFFSET));
        fields.position(HEADER_LENGTH);
        List<RemoteObject> objects = new ArrayList<>(Math.min(count, RemoteSegmentMetadata.MAX_OBJECTS));
        for (int i = 0; i < count; i++) {
            String objectKey = text(fields, Short.toUnsignedInt(fields.getShort()), StandardCharsets.UTF_8);
            long size = fields.getLong();
            String checksum = text(fields, Byte.toUnsignedInt(fields.get()), StandardCharsets.US_ASCII);
            objects.add(new RemoteObject(objectKey, size, checksum));
        }
        if (fields.hasRemaining()) {
            throw corrupt(file, key, "bytes after the last object: remaining=" + fields.remaining());
        }
        return objects;
    }

    private static String text(ByteBuffer fields, int length, Charset charset) {
        if (length > fields.remaining()) {
            throw new BufferUnderflowException();
        }
        String text = new String(fields.array(), fields.position(), length, charset);
        fields.position(fields.position() + length);
        return text;
    }

    private static long crc(byte[] key, byte[] value, int length) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value, 0, length);
        return crc.getValue();
    }

    private static CorruptRemoteMetadataException corrupt(String file, byte[] key, String detail) {
        return new CorruptRemoteMetadataException(file, SegmentKeyDescriptor.describe(key), detail);
    }
}
