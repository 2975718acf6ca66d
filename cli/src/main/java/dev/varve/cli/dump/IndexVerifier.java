package dev.varve.cli.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks an index against the batches of its {@code .log}, as Kafka builds indexes: an offset index
 * entry (offset, position) must point at the start of a batch whose last offset is the entry's
 * offset, with offsets strictly increasing; a time index entry (timestamp, offset) must name an offset
 * some batch holds, with timestamps and offsets never decreasing. Each failure is one finding, as
 * named fields. Stateless.
 */
final class IndexVerifier {
    private IndexVerifier() {
    }

    static List<List<Field>> verify(IndexEntries index, LogBatches log) {
        return index.isOffsetIndex() ? verifyOffsets(index, log) : verifyTimes(index, log);
    }

    private static List<List<Field>> verifyOffsets(IndexEntries index, LogBatches log) {
        List<List<Field>> findings = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) {
            long offset = index.first()[i];
            long position = index.second()[i];
            String problem = null;
            LogBatches.Batch batch = log.startingAt(position);
            if (i > 0 && offset <= index.first()[i - 1]) {
                problem = "offset not above the previous entry's " + index.first()[i - 1];
            } else if (batch == null) {
                problem = "no batch starts at position " + position;
            } else if (batch.lastOffset() != offset) {
                problem = "the batch at position " + position + " holds offsets " + batch.baseOffset() + ".." + batch.lastOffset();
            }
            if (problem != null) {
                findings.add(List.of(new Field("mismatch", i), new Field("offset", offset),
                        new Field("position", position), new Field("problem", problem)));
            }
        }
        return findings;
    }

    private static List<List<Field>> verifyTimes(IndexEntries index, LogBatches log) {
        List<List<Field>> findings = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) {
            long timestamp = index.first()[i];
            long offset = index.second()[i];
            String problem = null;
            if (i > 0 && timestamp < index.first()[i - 1]) {
                problem = "timestamp below the previous entry's " + index.first()[i - 1];
            } else if (i > 0 && offset < index.second()[i - 1]) {
                problem = "offset below the previous entry's " + index.second()[i - 1];
            } else if (!log.holds(offset)) {
                problem = "no batch holds offset " + offset;
            }
            if (problem != null) {
                findings.add(List.of(new Field("mismatch", i), new Field("timestamp", timestamp),
                        new Field("offset", offset), new Field("problem", problem)));
            }
        }
        return findings;
    }
}
