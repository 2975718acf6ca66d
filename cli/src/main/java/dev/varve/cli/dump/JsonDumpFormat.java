package dev.varve.cli.dump;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * One JSON object a line per batch or index entry: {@code file}, the batch's (entry's) fields, and a {@code records} array
 * when records were asked for ({@code recordsError} when they are corrupt: the records before the
 * error are in the array). Keys and values are JSON strings when UTF-8 text, {@code null} when
 * absent, {@code {"hex": "..."}} when binary. Notes go to standard error so that standard output
 * stays pure JSON lines.
 */
public final class JsonDumpFormat implements DumpFormat {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean withRecords;
    private String file;

    public JsonDumpFormat(PrintWriter out, PrintWriter err, boolean withRecords) {
        this.out = out;
        this.err = err;
        this.withRecords = withRecords;
    }

    @Override
    public void startFile(Path file, long sizeBytes) {
        this.file = file.toString();
    }

    @Override
    public void batch(BatchDump batch) {
        StringBuilder line = new StringBuilder(512).append("{\"file\":");
        Json.appendQuoted(line, file);
        appendFields(line, batch.fields(), true);
        if (withRecords) {
            line.append(",\"records\":[");
            for (int i = 0; i < batch.records().size(); i++) {
                line.append(i == 0 ? "{" : ",{");
                appendFields(line, batch.records().get(i), false);
                line.append('}');
            }
            line.append(']');
        }
        if (batch.recordError() != null) {
            line.append(",\"recordsError\":");
            Json.appendQuoted(line, batch.recordError().getMessage());
        }
        out.println(line.append('}'));
        out.flush();
    }

    @Override
    public void entry(List<Field> fields) {
        StringBuilder line = new StringBuilder(96).append("{\"file\":");
        Json.appendQuoted(line, file);
        appendFields(line, fields, true);
        out.println(line.append('}'));
    }

    @Override
    public void note(String text) {
        err.println("varve: note: " + text);
        err.flush();
    }

    /** Appends {@code "name":value} for each field, comma-separated, with a leading comma if asked. */
    private static void appendFields(StringBuilder line, List<Field> fields, boolean leadingComma) {
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (i > 0 || leadingComma) {
                line.append(',');
            }
            Json.appendQuoted(line, field.name());
            line.append(':');
            appendValue(line, field.value());
        }
    }

    private static void appendValue(StringBuilder line, Object value) {
        if (value instanceof Payload payload) {
            Json.appendPayload(line, payload);
        } else if (value instanceof List<?> headers) {
            line.append('[');
            for (int i = 0; i < headers.size(); i++) {
                Header header = (Header) headers.get(i);
                line.append(i == 0 ? "{\"key\":" : ",{\"key\":");
                Json.appendQuoted(line, header.key());
                line.append(",\"value\":");
                Json.appendPayload(line, header.value());
                line.append('}');
            }
            line.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            line.append(value);
        } else {
            Json.appendQuoted(line, String.valueOf(value));
        }
    }

}
