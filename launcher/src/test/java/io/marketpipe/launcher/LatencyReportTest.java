package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.marketpipe.job.metrics.Latencies;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LatencyReport} against a loopback server answering as Flink's REST API does. */
class LatencyReportTest {
    private static final String DECODE = "Source__kinesis-raw.latency.receiveToDecodeMs_";
    private static final String RECORDS = "Source__kinesis-raw.numRecordsOut";

    @Test
    void takesTheHighestSubtaskPercentileSkipsSubtasksThatSawNothingAndReadsTheSourceSpread()
            throws Exception {
        Map<String, String> answers =
                Map.of(
                        "/jobs/j1",
                        "{\"vertices\":[{\"id\":\"v1\",\"parallelism\":3},"
                                + "{\"id\":\"v2\",\"parallelism\":1}]}",
                        "/jobs/j1/vertices/v1/subtasks/metrics",
                        "[{\"id\":\""
                                + RECORDS
                                + "\"},{\"id\":\""
                                + RECORDS
                                + "PerSecond\"},{\"id\":\""
                                + DECODE
                                + "median\"},{\"id\":\""
                                + DECODE
                                + "p95\"},{\"id\":\""
                                + DECODE
                                + "p99\"},{\"id\":\""
                                + DECODE
                                + "max\"}]",
                        "/jobs/j1/vertices/v1/subtasks/0/metrics",
                        subtask("10.0", "20.0", "30.0", "40.0", "1200"),
                        "/jobs/j1/vertices/v1/subtasks/1/metrics",
                        subtask("NaN", "NaN", "NaN", "NaN", "0"),
                        "/jobs/j1/vertices/v1/subtasks/2/metrics",
                        subtask("15.0", "18.0", "25.0", "90.0", "1100"),
                        "/jobs/j1/vertices/v2/subtasks/metrics",
                        "[{\"id\":\"Sink__lake.numRecordsIn\"}]");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String body = answers.get(exchange.getRequestURI().getPath());
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
        } finally {
            server.stop(0);
        }
    }

    private static String subtask(String p50, String p95, String p99, String max, String records) {
        List<String> values =
                List.of(
                        value(DECODE + "median", p50),
                        value(DECODE + "p95", p95),
                        value(DECODE + "p99", p99),
                        value(DECODE + "max", max),
                        value(RECORDS, records));
        return "[" + String.join(",", values) + "]";
    }

    private static String value(String id, String value) {
        return "{\"id\":\"" + id + "\",\"value\":\"" + value + "\"}";
    }
}
