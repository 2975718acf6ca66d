package dev.varve.lmdb;

import static dev.varve.lmdb.Segments.ORDERS_0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SegmentValueCodecTest {
    private static final String FILE = "/data/__varve_remote_metadata/data.mdb";

    private final RemoteSegmentMetadata segment = new RemoteSegmentMetadata(ORDERS_0,
            UUID.fromString("ffeeddcc-0000-4000-8000-000000000001"), 1_000, 1_999, 1_700_000_000_000L, 1 << 30, 7,
            List.of(new RemoteObject("orders/0/1000.log", 1 << 30, "crc32c:deadbeef"),
                    new RemoteObject("orders/0/1000.indexes", 4096, "crc32c:0badf00d")),
            RemoteSegmentState.COPY_SEGMENT_FINISHED, 42);
    private final byte[] key = SegmentKeyDescriptor.key(ORDERS_0, segment.baseOffset(), segment.segmentId());

    @Test
    void shouldReadBackEveryFieldItWrote() {
        byte[] value = SegmentValueCodec.encode(segment);
        assertEquals(SegmentValueCodec.HEADER_LENGTH + 2 * (2 + 8 + 1) + "orders/0/1000.log".length()
                + "orders/0/1000.indexes".length() + 2 * "crc32c:deadbeef".length() + SegmentValueCodec.CRC_LENGTH,
                value.length);
        assertEquals(segment, SegmentValueCodec.decode(key, value, FILE));
        assertEquals(SegmentValueCodec.VERSION, value[SegmentValueCodec.VERSION_OFFSET]);
        assertEquals(7, ByteBuffer.wrap(value).getInt(SegmentValueCodec.LEADER_EPOCH_OFFSET));
    }

    @Test
    void shouldDetectEveryFlippedBitWithTheFileAndKey() {
        byte[] value = SegmentValueCodec.encode(segment);
        for (int bit = 0; bit < value.length * 8; bit++) {
            byte[] damaged = value.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            CorruptRemoteMetadataException corrupt = assertThrows(CorruptRemoteMetadataException.class,
                    () -> SegmentValueCodec.decode(key, damaged, FILE), "bit " + bit);
            assertEquals(FILE, corrupt.file());
            assertTrue(corrupt.getMessage().contains("key=orders-0/1000/" + segment.segmentId()), corrupt.getMessage());
        }
    }

    /** Issue 11: LMDB has no checksums, so the value's CRC covers its key; a damaged key is refused, never read as another segment. */
    @Test
    void shouldDetectEveryFlippedBitOfTheKey() {
        byte[] value = SegmentValueCodec.encode(segment);
        for (int bit = 0; bit < key.length * 8; bit++) {
            byte[] damaged = key.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CorruptRemoteMetadataException.class, () -> SegmentValueCodec.decode(damaged, value, FILE), "bit " + bit);
        }
    }

    /** Values written before the CRC covered the key (version 1) still read. */
    @Test
    void shouldReadVersionOneValuesWhoseCrcCoversTheValueAlone() {
        byte[] value = patch(SegmentValueCodec.encode(segment), SegmentValueCodec.VERSION_OFFSET, SegmentValueCodec.VALUE_ONLY_CRC_VERSION);
        CRC32C crc = new CRC32C();
        crc.update(value, 0, value.length - SegmentValueCodec.CRC_LENGTH);
        ByteBuffer.wrap(value).putInt(value.length - SegmentValueCodec.CRC_LENGTH, (int) crc.getValue());
        assertEquals(segment, SegmentValueCodec.decode(key, value, FILE));
    }

    @Test
    void shouldRefuseEveryTruncation() {
        byte[] value = SegmentValueCodec.encode(segment);
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThrows(CorruptRemoteMetadataException.class, () -> SegmentValueCodec.decode(key, truncated, FILE));
        }
    }

    /** Damage that keeps the CRC valid (a writer's bug, not a disk's) still fails on the record's own rules. */
    @Test
    void shouldRefuseWellChecksummedValuesThatBreakTheLayout() {
        assertCorrupt(withCrc(patch(SegmentValueCodec.encode(segment), SegmentValueCodec.VERSION_OFFSET, 3)), "version=3");
        assertCorrupt(withCrc(patch(SegmentValueCodec.encode(segment), SegmentValueCodec.STATE_OFFSET, 9)), "state=9");
        assertCorrupt(withCrc(patch(SegmentValueCodec.encode(segment), SegmentValueCodec.COUNT_OFFSET + 1, 3)),
                "runs past the end");
        assertCorrupt(withCrc(patch(SegmentValueCodec.encode(segment), SegmentValueCodec.COUNT_OFFSET + 1, 1)),
                "bytes after the last object");
        assertCorrupt(withCrc(patch(SegmentValueCodec.encode(segment), SegmentValueCodec.END_OFFSET_OFFSET, 0x80)),
                "baseOffset <= endOffset");
        assertThrows(CorruptRemoteMetadataException.class,
                () -> SegmentValueCodec.decode(new byte[] {1, 2, 3}, SegmentValueCodec.encode(segment), FILE));
    }

    private void assertCorrupt(byte[] value, String detail) {
        CorruptRemoteMetadataException corrupt = assertThrows(CorruptRemoteMetadataException.class,
                () -> SegmentValueCodec.decode(key, value, FILE));
        assertTrue(corrupt.getMessage().contains(detail), corrupt.getMessage());
    }

    private static byte[] patch(byte[] value, int offset, int b) {
        value[offset] = (byte) b;
        return value;
    }

    private byte[] withCrc(byte[] value) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value, 0, value.length - SegmentValueCodec.CRC_LENGTH);
        ByteBuffer.wrap(value).putInt(value.length - SegmentValueCodec.CRC_LENGTH, (int) crc.getValue());
        return value;
    }
}
