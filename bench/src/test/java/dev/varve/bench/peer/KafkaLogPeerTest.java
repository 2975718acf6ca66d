package dev.varve.bench.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.bench.BatchFixture;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaLogPeerTest {
    @TempDir
    Path dir;

    @Test
    void shouldAppendOneReusedBufferRepeatedlyAndReadEveryRecordBack() throws Exception {
        BatchFixture fixture = new BatchFixture("zstd", 16384);
        ByteBuffer batch = fixture.kafkaBatchCopy();
        try (KafkaLogPeer peer = KafkaLogPeer.open(dir, "peer", 0, Map.of())) {
            for (int i = 0; i < 3; i++) {
                peer.append(batch);
            }
            assertEquals(3L * fixture.recordCount(), peer.logEndOffset());
            Records records = peer.read(0, Integer.MAX_VALUE);
            long offset = 0;
            for (RecordBatch read : records.batches()) {
                read.ensureValid();
                for (Record record : read) {
                    assertEquals(offset++, record.offset());
                }
            }
            assertEquals(peer.logEndOffset(), offset);
            TimestampAndOffset found = peer.offsetForTimestamp(0L).orElseThrow();
            assertEquals(0L, found.offset);
            try (FileChannel devNull = FileChannel.open(Path.of("/dev/null"), java.nio.file.StandardOpenOption.WRITE);
                    NullTransferableChannel sink = new NullTransferableChannel(devNull)) {
                assertEquals(records.sizeInBytes(), KafkaLogPeer.transfer(records, sink));
            }
            peer.flush();
        }
        assertTrue(Files.exists(dir.resolve("peer-0").resolve("00000000000000000000.log")));
    }

    @Test
    void shouldRecoverAnUncleanLogFromRecoveryPointZero() {
        ByteBuffer batch = new BatchFixture("none", 16384).kafkaBatchCopy();
        long end;
        try (KafkaLogPeer peer = KafkaLogPeer.open(dir, "peer", 0, Map.of())) {
            for (int i = 0; i < 4; i++) {
                peer.append(batch);
            }
            end = peer.logEndOffset();
        }
        try (KafkaLogPeer reopened = KafkaLogPeer.open(dir, "peer", 0, Map.of(), 0L, false)) {
            assertEquals(end, reopened.logEndOffset());
        }
    }

    @Test
    void floorShouldWriteEveryByte() throws Exception {
        ByteBuffer batch = new BatchFixture("none", 16384).kafkaBatchCopy();
        try (FileChannelFloor floor = new FileChannelFloor(dir.resolve("floor.bin"))) {
            floor.append(batch);
            floor.append(batch);
            assertEquals(2L * batch.remaining(), floor.bytesWritten());
        }
        assertEquals(2L * batch.remaining(), Files.size(dir.resolve("floor.bin")));
    }
}
