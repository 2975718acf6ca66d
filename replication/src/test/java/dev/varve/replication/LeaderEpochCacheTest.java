package dev.varve.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kafka's LeaderEpochFileCache rules (assign, endOffsetFor, truncation), and write-through to the checkpoint. */
class LeaderEpochCacheTest {

    /** A checkpoint kept in memory that counts writes. */
    static final class MemoryCheckpoint implements LeaderEpochCheckpoint {
        List<EpochEntry> stored = List.of();
        int writes;

        @Override
        public List<EpochEntry> read() {
            return stored;
        }

        @Override
        public void write(List<EpochEntry> entries) {
            stored = new ArrayList<>(entries);
            writes++;
        }
    }

    private final MemoryCheckpoint checkpoint = new MemoryCheckpoint();
    private final LeaderEpochCache cache = new LeaderEpochCache(checkpoint);

    private static List<EpochEntry> entries(long... epochAndOffset) {
        List<EpochEntry> entries = new ArrayList<>();
        for (int i = 0; i < epochAndOffset.length; i += 2) {
            entries.add(new EpochEntry((int) epochAndOffset[i], epochAndOffset[i + 1]));
        }
        return entries;
    }

    @Test
    void shouldIgnoreAnAssignOfTheLatestEpochAtALaterOffset() {
        cache.assign(2, 10);
        cache.assign(2, 15);
        assertEquals(entries(2, 10), cache.entries());
        assertEquals(1, checkpoint.writes);
    }

    @Test
    void shouldDropTailEntriesWithAHigherEpochOrALaterStartBeforeAssigning() {
        cache.assign(1, 0);
        cache.assign(3, 5);
        cache.assign(4, 9);
        cache.assign(2, 7);
        assertEquals(entries(1, 0, 2, 7), cache.entries());
        cache.assign(5, 3);
        assertEquals(entries(1, 0, 5, 3), cache.entries());
        assertThrows(IllegalArgumentException.class, () -> cache.assign(-1, 0));
    }

    @Test
    void shouldAnswerWhereAnEpochEndsAsKafkaDoes() {
        cache.assign(1, 0);
        cache.assign(3, 5);
        cache.assign(6, 12);
        long logEnd = 20;
        assertEquals(new EpochEndOffset(6, 20), cache.endOffsetFor(6, logEnd), "the latest epoch ends at the log end");
        assertEquals(new EpochEndOffset(3, 12), cache.endOffsetFor(3, logEnd));
        assertEquals(new EpochEndOffset(3, 12), cache.endOffsetFor(4, logEnd), "an unknown epoch: the largest below it");
        assertEquals(new EpochEndOffset(0, 0), cache.endOffsetFor(0, logEnd), "below every epoch: asked epoch, first start");
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(7, logEnd), "above the latest epoch");
        assertEquals(EpochEndOffset.UNDEFINED, cache.endOffsetFor(EpochEntry.UNDEFINED_EPOCH, logEnd));
        assertEquals(EpochEndOffset.UNDEFINED, new LeaderEpochCache(new MemoryCheckpoint()).endOffsetFor(1, 0), "empty cache");
    }

    @Test
    void shouldTruncateWithTheLogAndSurviveARestartThroughTheCheckpoint() {
        cache.assign(1, 0);
        cache.assign(3, 5);
        cache.assign(6, 12);
        cache.truncateFromEnd(12);
        assertEquals(entries(1, 0, 3, 5), cache.entries());
        int writes = checkpoint.writes;
        cache.truncateFromEnd(100);
        assertEquals(writes, checkpoint.writes, "nothing removed, nothing written");
        LeaderEpochCache restarted = new LeaderEpochCache(checkpoint);
        assertEquals(entries(1, 0, 3, 5), restarted.entries());
        assertEquals(3, restarted.latestEpoch());
    }
}
