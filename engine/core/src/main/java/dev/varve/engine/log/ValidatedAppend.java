package dev.varve.engine.log;

import dev.varve.engine.api.AppendResult;
import java.nio.ByteBuffer;

/**
 * What {@link BatchValidator} hands an engine to store: {@code batches}, a read-only private copy of the
 * validated batches (position 0, limit their size) with offsets assigned and timestamps stamped, and the
 * {@code result} to return to the caller once they are stored. Nothing else holds the copy, so an engine
 * may keep it as is, unless the validator was made with {@link BatchValidator#withReusedCopy}: then
 * the bytes are valid only until that validator's next call. It does not need its CRCs checked again (walk it with
 * {@code new RecordBatchReader(false)}).
 */
public record ValidatedAppend(ByteBuffer batches, AppendResult result) {
}
