package dev.varve.cli.dump;

import dev.varve.engine.api.CorruptRecordException;
import java.util.List;

/**
 * What a dump shows of one batch: its header fields, its records' fields when records were asked
 * for, and the error that stopped the records when they are corrupt although the batch's framing
 * is intact.
 *
 * @param fields the batch's header fields, in display order
 * @param records each record's fields, in offset order: empty unless records were asked for
 * @param recordError what made the records unreadable after {@code records}, or null
 * @param crcValid whether the stored CRC matches the bytes
 */
public record BatchDump(List<Field> fields, List<List<Field>> records, CorruptRecordException recordError,
        boolean crcValid) {
}
