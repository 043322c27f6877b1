package io.marketpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.job.metrics.Latencies;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * Reads the histograms of job {@code jobId} from the REST API at {@code rest}: from each
     * vertex's own metrics ({@code /jobs/J/vertices/V/metrics}, ids {@code SUBTASK.NAME}), which
     * hold every subtask's. The per-subtask endpoints ({@code .../subtasks/N/metrics}) go through
     * the REST server's representative execution attempt and were seen answering nothing for the
     * Kinesis source's vertex of a running local job while its vertex endpoint had all 362 of them.
     */
    static LatencyReport read(URI rest, String jobId) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, double[]> found = new LinkedHashMap<>();
        List<Long> sourceRecords = new ArrayList<>();
        for (JsonNode vertex : get(http, rest, "/jobs/" + jobId).path("vertices")) {
            String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(http, rest, base)) {
                String id = metric.path("id").asText();
                if (wanted(withoutSubtask(id))) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            List<String> query = new ArrayList<>(ids.size());
            ids.forEach(id -> query.add(URLEncoder.encode(id, StandardCharsets.UTF_8)));
            Map<Integer, Long> records = new TreeMap<>();
            for (JsonNode value : get(http, rest, base + "?get=" + String.join(",", query))) {
                String id = value.path("id").asText();
                String name = withoutSubtask(id);
                if (isSourceRecords(name)) {
                    records.put(
                            Integer.parseInt(id.substring(0, id.indexOf('.'))),
                            value.path("value").asLong());
                    continue;
                }
                double ms = value.path("value").asDouble(Double.NaN);
                Map.Entry<String, Integer> stat = histogramStat(name);
                if (stat != null && !Double.isNaN(ms)) {
                    double[] v =
                            found.computeIfAbsent(stat.getKey(), n -> new double[STATS.size()]);
                    v[stat.getValue()] = Math.max(v[stat.getValue()], ms);
                }
            }
            if (!records.isEmpty()) {
                for (int subtask = 0; subtask < vertex.path("parallelism").asInt(); subtask++) {
                    sourceRecords.add(records.getOrDefault(subtask, 0L));
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

    /** {@code NAME} of a vertex metric's id {@code SUBTASK.NAME}. */
    private static String withoutSubtask(String id) {
        int dot = id.indexOf('.');
        return dot > 0 && id.substring(0, dot).chars().allMatch(Character::isDigit)
                ? id.substring(dot + 1)
                : "";
    }

    private static boolean isSourceRecords(String name) {
        return name.startsWith(SOURCE_OPERATOR) && name.endsWith(RECORDS_OUT);
    }

    private static boolean wanted(String name) {
        return isSourceRecords(name) || histogramStat(name) != null;
    }

    /**
     * Which of our histograms ({@link #ORDER}) and which of its statistics ({@link #STATS}, by
     * index) a metric name {@code ...latency.HISTOGRAM_STAT} is; null for any other metric.
     */
    private static Map.Entry<String, Integer> histogramStat(String name) {
        for (String histogram : ORDER) {
            String prefix = Latencies.GROUP + "." + histogram + "_";
            int at = name.indexOf(prefix);
            if (at >= 0) {
                int stat = STATS.indexOf(name.substring(at + prefix.length()));
                if (stat >= 0) {
                    return Map.entry(histogram, stat);
                }
            }
        }
        return null;
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
