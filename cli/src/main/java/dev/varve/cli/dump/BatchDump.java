package dev.varve.cli.dump;

import dev.varve.engine.api.CorruptRecordException;
import java.util.List;

/**
 * What a dump shows of one batch: its header fields, its records' fields when records were asked
 * for, the error that stopped the records when they are corrupt although the batch's framing
 * is intact, and the structural verdict (the batch's place in its file by its offsets).
 *
 * @param fields the batch's header fields, in display order
 * @param records each record's fields, in offset order: empty unless records were asked for
 * @param recordError what made the records unreadable after {@code records}, or null
 * @param crcValid whether the stored CRC matches the bytes
 * @param structureError the structural rule the batch breaks (see {@link dev.varve.engine.record.BatchOrder}), or null
 */
public record BatchDump(List<Field> fields, List<List<Field>> records, CorruptRecordException recordError,
        boolean crcValid, CorruptRecordException structureError) {
}
