package io.marketpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.job.metrics.Latencies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's live latency histograms ({@link Latencies}), read from Flink's REST API while the job
 * runs: for each histogram the p50, p95, p99 and max of its subtasks. Percentiles of different
 * subtasks cannot be merged exactly, so each is the highest of the subtasks' (an upper bound); a
 * subtask that has seen nothing (its histogram says NaN) is left out. Beside them, how the raw
 * stream's load spread: the records each subtask of the Kinesis source has emitted.
 *
 * @param sourceRecords records out of the Kinesis source, by subtask (empty when not found)
 */
record LatencyReport(Map<String, Percentiles> histograms, List<Long> sourceRecords) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ORDER =
            List.of(
                    Latencies.EXCHANGE_TO_RECEIVE,
                    Latencies.RECEIVE_TO_DECODE,
                    Latencies.RECEIVE_TO_LATEST_PRICE,
                    Latencies.RECEIVE_TO_LAKE_COMMIT,
                    Latencies.RECEIVE_TO_SIGNAL);

    /** How Flink's REST API names a histogram's statistics, in {@link Percentiles}' order. */
    private static final List<String> STATS = List.of("median", "p95", "p99", "max");

    /** Milliseconds. */
    record Percentiles(double p50, double p95, double p99, double max) {}

    static final LatencyReport NONE = new LatencyReport(Map.of(), List.of());

    /** The Kinesis source's operator, as metric ids name it: {@code Source__kinesis-raw[-efo]}. */
    private static final String SOURCE_OPERATOR = "Source__kinesis-raw";

    private static final String RECORDS_OUT = ".numRecordsOut";

    /** Reads the histograms of job {@code jobId} from the REST API at {@code rest}. */
    static LatencyReport read(URI rest, String jobId) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, double[]> found = new LinkedHashMap<>();
        List<Long> sourceRecords = new ArrayList<>();
        for (JsonNode vertex : get(http, rest, "/jobs/" + jobId).path("vertices")) {
            String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(http, rest, base + "/subtasks/metrics")) {
                String id = metric.path("id").asText();
                if (id.startsWith(SOURCE_OPERATOR) && id.endsWith(RECORDS_OUT)) {
                    ids.add(id);
                }
                for (String name : ORDER) {
                    for (String stat : STATS) {
                        if (id.endsWith(Latencies.GROUP + "." + name + "_" + stat)) {
                            ids.add(id);
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (int subtask = 0; subtask < vertex.path("parallelism").asInt(); subtask++) {
                JsonNode values =
                        get(
                                http,
                                rest,
                                base
                                        + "/subtasks/"
                                        + subtask
                                        + "/metrics?get="
                                        + String.join(",", ids));
                for (JsonNode value : values) {
                    String id = value.path("id").asText();
                    if (id.startsWith(SOURCE_OPERATOR) && id.endsWith(RECORDS_OUT)) {
                        sourceRecords.add(value.path("value").asLong());
                        continue;
                    }
                    double ms = value.path("value").asDouble(Double.NaN);
                    for (String name : ORDER) {
                        String prefix = Latencies.GROUP + "." + name + "_";
                        int at = id.indexOf(prefix);
                        if (at >= 0 && !Double.isNaN(ms)) {
                            int stat = STATS.indexOf(id.substring(at + prefix.length()));
                            double[] v = found.computeIfAbsent(name, n -> new double[STATS.size()]);
                            v[stat] = Math.max(v[stat], ms);
                        }
                    }
                }
            }
        }
        Map<String, Percentiles> histograms = new LinkedHashMap<>();
        for (String name : ORDER) {
            double[] v = found.get(name);
            if (v != null) {
                histograms.put(name, new Percentiles(v[0], v[1], v[2], v[3]));
            }
        }
        return new LatencyReport(histograms, sourceRecords);
    }

    private static JsonNode get(HttpClient http, URI rest, String path) throws IOException {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(rest.resolve(path))
                                    .timeout(Duration.ofSeconds(30))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("Flink REST " + path + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The source's records by subtask, e.g. {@code 0: 28,110 1: 28,236}; empty if unknown. */
    String sourceSpread() {
        List<String> parts = new ArrayList<>();
        for (int subtask = 0; subtask < sourceRecords.size(); subtask++) {
            parts.add(String.format("%d: %,d", subtask, sourceRecords.get(subtask)));
        }
        return String.join("  ", parts);
    }

    /** One line per histogram: name, p50, p95, p99, max. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        histograms.forEach(
                (name, p) ->
                        lines.add(
                                String.format(
                                        "%-24s p50 %,6.0f ms  p95 %,6.0f ms  p99 %,6.0f ms  max"
                                                + " %,6.0f ms",
                                        name, p.p50(), p.p95(), p.p99(), p.max())));
        return lines;
    }
}
