package dev.varve.bench.study;

import dev.varve.bench.PayloadKind;
import dev.varve.engine.record.codec.CompressionCodec;
import org.apache.kafka.common.compress.Compression;

/**
 * One cell of the study: a codec setting ({@code none}, {@code gzip}, {@code snappy}, {@code lz4},
 * {@code zstd-1}, {@code zstd-3}), a batch size cap in bytes (0: one record a batch), a mean record
 * value size and a payload. Levels: gzip at zlib's default (6), lz4 at Kafka's default 9 (the fast
 * compressor), zstd at the level in its name: the same on Varve's, Kafka's and the raw codec's side.
 */
record CellSpec(String codecSetting, int batchBytes, int recordBytes, PayloadKind payload) {

    /** The codec's {@code compression.type} name: the setting without its level. */
    String codecName() {
        int dash = codecSetting.indexOf('-');
        return dash < 0 ? codecSetting : codecSetting.substring(0, dash);
    }

    /** The level: the one in the name, else the codec's default (Kafka's). */
    int level() {
        int dash = codecSetting.indexOf('-');
        return dash < 0 ? varveCodec().defaultLevel() : Integer.parseInt(codecSetting.substring(dash + 1));
    }

    CompressionCodec varveCodec() {
        return CompressionCodec.forName(codecName());
    }

    /** Kafka's {@code Compression} for this setting. */
    Compression kafkaCompression() {
        switch (codecName()) {
            case "zstd": return Compression.zstd().level(level()).build();
            case "gzip": return Compression.gzip().level(6).build();
            default: return Compression.of(codecName()).build();
        }
    }

    /** The raw codec's level: zlib 6 for gzip (-1 means 6), the zstd level, ignored otherwise. */
    int rawLevel() {
        return codecName().equals("gzip") ? 6 : level();
    }

    /** {@code record}, {@code 16k}, {@code 1m}: as given on the command line. */
    String batchLabel() {
        return batchLabel(batchBytes);
    }

    static String batchLabel(int batchBytes) {
        if (batchBytes == 0) {
            return "record";
        }
        return sizeLabel(batchBytes);
    }

    static String sizeLabel(int bytes) {
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "m";
        }
        if (bytes % 1024 == 0) {
            return (bytes >> 10) + "k";
        }
        return String.valueOf(bytes);
    }

    /** {@code zstd-3/16k/1k/json}: the cell's name in tables and files. */
    String id() {
        return codecSetting + "/" + batchLabel() + "/" + sizeLabel(recordBytes) + "/" + payload.configName();
    }
}
