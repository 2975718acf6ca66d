package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean-shutdown marker, with Kafka 4.4's {@code CleanShutdownFileHandler} as the oracle both ways. */
class CleanShutdownMarkerTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteKafkasJsonAndDeleteDurably() throws Exception {
        CleanShutdownMarker marker = new CleanShutdownMarker(dir);
        assertFalse(marker.exists());
        assertEquals(OptionalLong.empty(), marker.brokerEpoch());
        marker.write(42);
        assertEquals("{\"version\":0,\"brokerEpoch\":42}", Files.readString(dir.resolve(".kafka_cleanshutdown")));
        assertTrue(marker.exists());
        assertEquals(OptionalLong.of(42), marker.brokerEpoch());
        assertTrue(marker.delete());
        assertFalse(marker.exists());
        assertFalse(marker.delete());
    }

    @Test
    void shouldCountAnUnreadableMarkerAsPresentWithoutAnEpoch() throws Exception {
        Files.writeString(dir.resolve(CleanShutdownMarker.FILE_NAME), "{\"version\":0,\"brokerE");
        CleanShutdownMarker marker = new CleanShutdownMarker(dir);
        assertTrue(marker.exists());
        assertEquals(OptionalLong.empty(), marker.brokerEpoch());
    }

    @Test
    void kafkaShouldReadOurMarkerAndWeKafkas() throws Exception {
        CleanShutdownFileHandler kafka = new CleanShutdownFileHandler(dir.toString());
        new CleanShutdownMarker(dir).write(-1);
        assertTrue(kafka.exists());
        assertEquals(OptionalLong.of(-1), kafka.read());
        byte[] ours = Files.readAllBytes(dir.resolve(CleanShutdownMarker.FILE_NAME));

        kafka.write(1234567890123L);
        assertEquals(OptionalLong.of(1234567890123L), new CleanShutdownMarker(dir).brokerEpoch());
        kafka.write(-1);
        assertEquals(new String(ours), Files.readString(dir.resolve(CleanShutdownFileHandler.CLEAN_SHUTDOWN_FILE_NAME)));
        new CleanShutdownMarker(dir).delete();
        assertFalse(kafka.exists());
    }
}
