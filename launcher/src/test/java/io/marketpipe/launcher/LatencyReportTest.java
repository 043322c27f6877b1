package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.marketpipe.job.metrics.Latencies;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link LatencyReport} against a loopback server answering as Flink's REST API does. */
class LatencyReportTest {
    private static final String DECODE = "Source__kinesis-raw.latency.receiveToDecodeMs_";
    private static final String SIGNAL = "Source__kinesis-raw.latency.receiveToSignalMs_";
    private static final String RECORDS = "Source__kinesis-raw.numRecordsOut";

    @Test
    void
            waitsForTheMetricStoreReadsEverySubtaskTakesTheHighestPercentileSkipsEmptyHistogramsAndReadsTheSourceSpread()
                    throws Exception {
        // what the report asks the source's vertex for, and the answers, in the order it asks
        Map<String, String> read = new LinkedHashMap<>();
        read.put("0." + RECORDS, "1200");
        read.put("0." + DECODE + "median", "10.0");
        read.put("0." + DECODE + "p95", "20.0");
        read.put("0." + DECODE + "p99", "30.0");
        read.put("0." + DECODE + "max", "40.0");
        // an empty histogram, as Flink reports it: NaN percentiles, max 0
        read.put("0." + SIGNAL + "median", "NaN");
        read.put("0." + SIGNAL + "max", "0");
        read.put("1." + RECORDS, "0");
        read.put("1." + DECODE + "median", "NaN");
        read.put("1." + DECODE + "p99", "NaN");
        read.put("1." + DECODE + "max", "0");
        read.put("2." + RECORDS, "1100");
        read.put("2." + DECODE + "median", "15.0");
        read.put("2." + DECODE + "p95", "18.0");
        read.put("2." + DECODE + "p99", "25.0");
        read.put("2." + DECODE + "max", "90.0");
        List<String> listed = new ArrayList<>(read.keySet());
        listed.add("0." + RECORDS + "PerSecond"); // not asked for
        listed.add("0." + DECODE + "p75");
        List<String> answered = new ArrayList<>();
        read.forEach((id, value) -> answered.add(value(id, value)));
        String v1 = "/jobs/j1/vertices/v1/metrics";
        // the metric store starts empty and fills as a fetch, started by the first request, ends
        AtomicInteger listings = new AtomicInteger();
        Map<String, String> answers =
                Map.of(
                        "/jobs/j1",
                        "{\"vertices\":[{\"id\":\"v1\",\"parallelism\":3},"
                                + "{\"id\":\"v2\",\"parallelism\":1}]}",
                        v1,
                        ids(listed.toArray(new String[0])),
                        v1 + "?get=" + String.join(",", read.keySet()),
                        "[" + String.join(",", answered) + "]",
                        "/jobs/j1/vertices/v2/metrics",
                        ids("0.Sink__lake.numRecordsIn"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    URI uri = exchange.getRequestURI();
                    String path =
                            uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
                    String body =
                            path.equals(v1) && listings.incrementAndGet() < 3
                                    ? "[]"
                                    : answers.get(path);
                    byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
        server.start();
        try {
            LatencyReport report =
                    LatencyReport.read(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                            "j1");
            assertThat(report.histograms())
                    .containsOnlyKeys(Latencies.RECEIVE_TO_DECODE)
                    .containsEntry(
                            Latencies.RECEIVE_TO_DECODE,
                            new LatencyReport.Percentiles(15, 20, 30, 90));
            assertThat(report.sourceRecords()).containsExactly(1200L, 0L, 1100L);
            assertThat(report.sourceSpread()).isEqualTo("0: 1,200  1: 0  2: 1,100");
            assertThat(report.lines()).hasSize(1);
            assertThat(listings)
                    .as("the source's metrics listed until they were there")
                    .hasValue(3);
        } finally {
            server.stop(0);
        }
    }

    private static String ids(String... ids) {
        List<String> entries = new ArrayList<>();
        for (String id : ids) {
            entries.add("{\"id\":\"" + id + "\"}");
        }
        return "[" + String.join(",", entries) + "]";
    }

    private static String value(String id, String value) {
        return "{\"id\":\"" + id + "\",\"value\":\"" + value + "\"}";
    }
}
