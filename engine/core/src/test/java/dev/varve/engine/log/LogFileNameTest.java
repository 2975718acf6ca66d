package dev.varve.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.varve.engine.log.LogFileName.Suffix;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.storage.internals.log.LogFileUtils;
import org.junit.jupiter.api.Test;

class LogFileNameTest {
    private static final int EXAMPLES = Integer.getInteger("varve.property.examples", 200);

    @Test
    void shouldNameFilesWithTwentyDigitZeroPaddedBaseOffset() {
        assertEquals("00000000000000000042.log", LogFileName.of(42, LogFileType.LOG).fileName());
        assertEquals("00000000000000000000.index", LogFileName.of(0, LogFileType.OFFSET_INDEX).fileName());
        assertEquals("09223372036854775807.timeindex", LogFileName.of(Long.MAX_VALUE, LogFileType.TIME_INDEX).fileName());
        assertEquals("00000000000000000007.txnindex", LogFileName.of(7, LogFileType.TXN_INDEX).fileName());
        assertEquals("00000000000000000007.snapshot", LogFileName.of(7, LogFileType.PRODUCER_SNAPSHOT).fileName());
        assertEquals("00000000000000000042.log.swap", LogFileName.of(42, LogFileType.LOG).withSuffix(Suffix.SWAP).fileName());
        assertEquals(Path.of("/d/00000000000000000001.index.deleted"),
                LogFileName.of(1, LogFileType.OFFSET_INDEX).withSuffix(Suffix.DELETED).resolveIn(Path.of("/d")));
    }

    @Test
    void shouldParseEveryNameItProduces() {
        for (LogFileType type : LogFileType.values()) {
            for (Suffix suffix : Suffix.values()) {
                LogFileName name = LogFileName.of(123_456_789L, type).withSuffix(suffix);
                assertEquals(Optional.of(name), LogFileName.parse(name.fileName()));
            }
        }
    }

    @Test
    void shouldRejectNamesThatAreNotOurs() {
        for (String name : new String[] {"", "leader-epoch-checkpoint", "partition.metadata", ".kafka_cleanshutdown",
                "42.log", "0000000000000000042.log", "000000000000000000042.log", "0000000000000000004x.log",
                "00000000000000000042.logx", "00000000000000000042.log.tmp", "00000000000000000042.index.swap.deleted",
                "00000000000000000042", "00000000000000000042.", "99999999999999999999.log", "-0000000000000000042.log"}) {
            assertEquals(Optional.empty(), LogFileName.parse(name), name);
        }
    }

    @Test
    void shouldRejectNegativeBaseOffset() {
        assertThrows(IllegalArgumentException.class, () -> LogFileName.of(-1, LogFileType.LOG));
    }

    @Test
    void shouldAgreeWithKafkaLogFileUtilsBothWays() {
        File dir = new File("/d");
        qt().withExamples(EXAMPLES).forAll(longs().between(0, Long.MAX_VALUE)).checkAssert(offset -> {
            assertEquals(LogFileUtils.filenamePrefixFromOffset(offset), LogFileName.prefix(offset));
            assertEquals(LogFileUtils.logFile(dir, offset).getName(), LogFileName.of(offset, LogFileType.LOG).fileName());
            assertEquals(LogFileUtils.offsetIndexFile(dir, offset, LogFileUtils.SWAP_FILE_SUFFIX).getName(),
                    LogFileName.of(offset, LogFileType.OFFSET_INDEX).withSuffix(Suffix.SWAP).fileName());
            assertEquals(LogFileUtils.timeIndexFile(dir, offset, LogFileUtils.CLEANED_FILE_SUFFIX).getName(),
                    LogFileName.of(offset, LogFileType.TIME_INDEX).withSuffix(Suffix.CLEANED).fileName());
            assertEquals(LogFileUtils.transactionIndexFile(dir, offset, LogFileUtils.DELETED_FILE_SUFFIX).getName(),
                    LogFileName.of(offset, LogFileType.TXN_INDEX).withSuffix(Suffix.DELETED).fileName());
            assertEquals(LogFileUtils.producerSnapshotFile(dir, offset).getName(),
                    LogFileName.of(offset, LogFileType.PRODUCER_SNAPSHOT).fileName());
            String kafkaName = LogFileUtils.timeIndexFile(dir, offset).getName();
            assertEquals(LogFileUtils.offsetFromFileName(kafkaName), LogFileName.parse(kafkaName).orElseThrow().baseOffset());
        });
        assertTrue(LogFileUtils.isIndexFile(LogFileName.of(3, LogFileType.TXN_INDEX).resolveIn(Path.of("/d")).toFile()));
    }
}
