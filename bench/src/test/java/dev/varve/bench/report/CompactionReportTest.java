package dev.varve.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.varve.compaction.OffsetMap;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The compaction report's arithmetic on a hand-made JMH result: two shots of each cleaner on one cell. */
class CompactionReportTest {

    /** One JMH cell: 2 single shots of {@code ms} each, 1 op a shot, 50 MB read, {@code cpuNs} CPU a shot. */
    private static String cell(String engine, double ms, double cpuNs, double allocated) {
        return String.format(Locale.ROOT, """
                {"benchmark":"dev.varve.bench.compaction.CompactionBenchmark.clean","mode":"ss","warmupIterations":1,
                 "params":{"codec":"zstd","engine":"%s","keys":"few","valueBytes":"100"},
                 "primaryMetric":{"score":%s,"scoreUnit":"ms/op","rawData":[[%s,%s]]},
                 "secondaryMetrics":{
                   "ops":{"rawData":[[1,1]]},"cpuNs":{"rawData":[[%s,%s]]},"bytes":{"rawData":[[5.0E7,5.0E7]]},
                   "written":{"rawData":[[1.0E6,1.0E6]]},"keys":{"rawData":[[1000,1000]]},
                   "allocated":{"rawData":[[%s,%s]]}}}""", engine, ms, ms, ms, cpuNs, cpuNs, allocated, allocated);
    }

    @Test
    void shouldSizeTheDedupeBufferAsTheSmallestOffsetMapThatTakesTheKeys() {
        for (long keys : new long[] {1000, 3572, 144_970}) {
            int bytes = (int) CompactionReport.dedupeBufferBytes(keys);
            assertTrue(new OffsetMap(bytes).maxEntries() >= keys, "keys=" + keys);
            assertTrue(new OffsetMap(bytes - OffsetMap.BYTES_PER_ENTRY).maxEntries() < keys, "keys=" + keys);
        }
    }

    @Test
    void shouldReportMegabytesPerCpuSecondAndTheBufferEachKeyNeeds() {
        String json = "[" + cell("varve", 200, 1e8, 1e6) + "," + cell("kafka", 400, 2.5e8, 1e8) + "]";
        CompactionReport report = new CompactionReport(JmhRun.parse(json));
        String tables = report.tables();
        // 50 MB per 0.1 CPU-s = 500 MB/s; Kafka 200 MB/s; per wall second 250 and 125.
        assertTrue(tables.contains("| few | 100 | zstd | 50.0 | 1,000 | 2.0 % | 500 [500-500] | 200 [200-200] | 2.50 | 250 [250-250] | 125 [125-125] | 200 [200-200] | 400 [400-400] |"), tables);
        // 1000 keys need ceil(1000 / 0.9) = 1112 slots of 24 bytes.
        assertTrue(tables.contains("| few | 100 | zstd | 1,000 | 0.03 MiB | 26.7 | 1.00 MB | 100.00 MB | 20,000 | 2,000,000 |"), tables);
        List<String> csv = report.csv().lines().toList();
        assertEquals(3, csv.size());
        assertEquals("varve,few,100,zstd,50000000,1000000,1000,500.0,500.0,500.0,250.0,200.0,1000000", csv.get(1));
        assertEquals(2, report.chart().getSeriesMap().size());
        assertEquals(List.of(2.5), report.ratioChart().getSeriesMap().get("Varve / Kafka").getYData());
    }
}
