package dev.varve.cli.dump;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Text in the style of Kafka's {@code DumpLogSegments}: {@code Dumping FILE}, then a line of
 * {@code name: value} pairs per batch, and a line starting {@code | } per record. Keys and values
 * are quoted and escaped when they are UTF-8 text, {@code 0x}-hex when binary, {@code null} when
 * absent.
 */
public final class TextDumpFormat implements DumpFormat {
    private final PrintWriter out;

    public TextDumpFormat(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void startFile(Path file, long sizeBytes) {
        out.println("Dumping " + file);
    }

    @Override
    public void batch(BatchDump batch) {
        out.println(line(batch.fields()));
        for (List<Field> record : batch.records()) {
            out.println("| " + line(record));
        }
        out.flush();
    }

    @Override
    public void entry(List<Field> fields) {
        out.println(line(fields));
    }

    @Override
    public void note(String text) {
        out.println(text);
        out.flush();
    }

    static String line(List<Field> fields) {
        StringBuilder line = new StringBuilder(256);
        for (Field field : fields) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(field.name()).append(": ");
            appendValue(line, field.value());
        }
        return line.toString();
    }

    private static void appendValue(StringBuilder line, Object value) {
        if (value instanceof Payload payload) {
            appendPayload(line, payload);
        } else if (value instanceof List<?> headers) {
            line.append('[');
            for (int i = 0; i < headers.size(); i++) {
                Header header = (Header) headers.get(i);
                line.append(i == 0 ? "" : ", ").append(header.key()).append('=');
                appendPayload(line, header.value());
            }
            line.append(']');
        } else {
            line.append(value);
        }
    }

    private static void appendPayload(StringBuilder line, Payload payload) {
        if (payload.isNull()) {
            line.append("null");
        } else if (payload.isText()) {
            Json.appendQuoted(line, payload.text());
        } else {
            line.append("0x").append(payload.hex());
        }
    }
}
