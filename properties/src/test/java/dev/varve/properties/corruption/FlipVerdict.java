package dev.varve.properties.corruption;

import dev.varve.engine.topic.TopicOfflineException;
import dev.varve.properties.corruption.MetadataDirectory.Served;
import java.util.Map;

/**
 * What one corrupted metadata file did to a reopened data directory, judged against the pristine one.
 * A verdict is an outcome the issue allows; anything else is an {@link AssertionError} naming the file,
 * the position and the byte value. A log start moved by a damaged {@code log-start-offset-checkpoint} (a
 * prefix of acknowledged records hidden) is such an error: the checkpoint's twin detects every changed byte.
 */
enum FlipVerdict {
    /** Every topic served exactly, the leader epochs as written. */
    EXACT,
    /** Only the owner of the damaged file is offline, with a typed error naming it and the file; the rest exact. */
    OWNER_OFFLINE;

    /**
     * Judges {@code actual} against {@code expected} after damaging a file of {@code kind}.
     *
     * @param where the file, position and value, for the failure message
     * @throws AssertionError when the outcome is none of the verdicts
     */
    static FlipVerdict judge(MetadataFileKind kind, String file, Served expected, Served actual, String where) {
        if (expected.equals(actual)) {
            return EXACT;
        }
        if (!expected.epochs().equals(actual.epochs()) && !(actual.topics().get(MetadataDirectory.EPOCHS) instanceof TopicOfflineException)) {
            throw new AssertionError("wrong leader epochs after " + where + ": expected=" + expected.epochs() + ", actual=" + actual.epochs());
        }
        boolean offline = false;
        for (Map.Entry<String, Object> topic : expected.topics().entrySet()) {
            Object served = actual.topics().get(topic.getKey());
            if (served.equals(topic.getValue())) {
                continue;
            }
            if (served instanceof TopicOfflineException e) {
                if (!topic.getKey().equals(kind.owner()) || !e.topic().equals(topic.getKey()) || !e.file().equals(file)) {
                    throw new AssertionError("topic " + topic.getKey() + " offline after " + where + ": " + e.getMessage());
                }
                offline = true;
            } else {
                throw new AssertionError("wrong records of topic " + topic.getKey() + " after " + where + ": expected="
                        + topic.getValue() + ", actual=" + served);
            }
        }
        return offline ? OWNER_OFFLINE : EXACT;
    }
}
