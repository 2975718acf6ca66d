package dev.varve.properties.record;

import dev.varve.engine.record.ControlRecordType;

/**
 * One end-transaction marker batch as plain data: a transactional control batch holding one COMMIT
 * or ABORT record, as a transaction coordinator asks a partition leader to write it.
 */
public record ControlSpec(ControlRecordType type, long baseOffset, long timestamp, int partitionLeaderEpoch,
                          long producerId, short producerEpoch, int coordinatorEpoch) {
    @Override
    public String toString() {
        return "Marker{" + type + " baseOffset=" + baseOffset + " ts=" + timestamp + " leaderEpoch=" + partitionLeaderEpoch
                + " producer=" + producerId + "/" + producerEpoch + " coordinatorEpoch=" + coordinatorEpoch + "}";
    }
}
