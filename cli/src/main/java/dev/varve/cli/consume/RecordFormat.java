package dev.varve.cli.consume;

import dev.varve.cli.dump.Json;
import dev.varve.cli.dump.Payload;
import dev.varve.engine.record.RecordReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How {@code varve consume} prints a record. {@code text}: the value alone, as Kafka's console consumer
 * prints by default ({@code null} for a null value, bytes decoded as UTF-8). {@code json}: one object a
 * line, {@code {"partition":0,"offset":5,"timestamp":1700000000000,"key":null,"value":"v",
 * "headers":[{"key":"h","value":"x"}]}}; keys and values are JSON strings when they are UTF-8, null
 * stays null, and other bytes are {@code {"hex":"..."}} as {@code varve dump --json} shows them.
 */
public enum RecordFormat {
    TEXT {
        @Override
        void print(PrintWriter out, int partition, RecordReader record, StringBuilder line) {
            int length = record.valueLength();
            if (length < 0) {
                out.println("null");
                return;
            }
            ByteBuffer bytes = record.buffer().duplicate();
            bytes.limit(record.valueOffset() + length).position(record.valueOffset());
            out.println(StandardCharsets.UTF_8.decode(bytes));
        }
    },
    JSON {
        @Override
        void print(PrintWriter out, int partition, RecordReader record, StringBuilder line) {
            line.setLength(0);
            line.append("{\"partition\":").append(partition)
                    .append(",\"offset\":").append(record.offset())
                    .append(",\"timestamp\":").append(record.timestamp())
                    .append(",\"key\":");
            Json.appendPayload(line, Payload.of(record.buffer(), record.keyOffset(), record.keyLength()));
            line.append(",\"value\":");
            Json.appendPayload(line, Payload.of(record.buffer(), record.valueOffset(), record.valueLength()));
            line.append(",\"headers\":[");
            RecordReader.HeaderCursor header = record.headerCursor();
            boolean first = true;
            while (header.next()) {
                line.append(first ? "{\"key\":" : ",{\"key\":");
                first = false;
                Payload key = Payload.of(record.buffer(), header.keyOffset(), header.keyLength());
                Json.appendQuoted(line, key.isText() ? key.text() : "0x" + key.hex());
                line.append(",\"value\":");
                Json.appendPayload(line, Payload.of(record.buffer(), header.valueOffset(), header.valueLength()));
                line.append('}');
            }
            out.println(line.append("]}"));
        }
    };

    /** Prints {@code record} of {@code partition}; {@code line} is scratch space reused between calls. */
    abstract void print(PrintWriter out, int partition, RecordReader record, StringBuilder line);

}
