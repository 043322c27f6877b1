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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The job's live latency histograms ({@link Latencies}), read from Flink's REST API while the job
 * runs: for each histogram the p50, p95, p99 and max of its subtasks. Percentiles of different
 * subtasks cannot be merged exactly, so each is the highest of the subtasks' (an upper bound); a
 * subtask that has seen nothing (its median says NaN) is left out, and a histogram no subtask has
 * fed is not reported at all. Beside them, how the raw stream's load spread: the records each
 * subtask of the Kinesis source has emitted.
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

    /** How long the REST server's metric store may take to hold every subtask's metrics. */
    private static final Duration STORE_FILLS = Duration.ofSeconds(20);

    private static final Duration STORE_POLL = Duration.ofMillis(250);

    /**
     * Reads the histograms of job {@code jobId} from the REST API at {@code rest}: from each
     * vertex's own metrics ({@code /jobs/J/vertices/V/metrics}, ids {@code SUBTASK.NAME}), which
     * hold every subtask's. The per-subtask endpoints ({@code .../subtasks/N/metrics}) go through
     * the REST server's representative execution attempt and were seen answering nothing for the
     * Kinesis source's vertex of a running local job while its vertex endpoint had all 362 of them.
     */
    static LatencyReport read(URI rest, String jobId) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // histogram -> subtask -> its statistics in STATS' order
        Map<String, Map<Integer, double[]>> found = new LinkedHashMap<>();
        List<Long> sourceRecords = new ArrayList<>();
        Map<JsonNode, List<String>> listed = listEverySubtask(http, rest, jobId);
        for (Map.Entry<JsonNode, List<String>> entry : listed.entrySet()) {
            JsonNode vertex = entry.getKey();
            String base = metricsOf(jobId, vertex);
            List<String> ids = new ArrayList<>();
            for (String id : entry.getValue()) {
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
                int subtask = subtaskOf(id);
                if (isSourceRecords(name)) {
                    records.put(subtask, value.path("value").asLong());
                    continue;
                }
                Map.Entry<String, Integer> stat = histogramStat(name);
                if (stat != null) {
                    found.computeIfAbsent(stat.getKey(), n -> new TreeMap<>())
                                    .computeIfAbsent(subtask, n -> nothingYet())[stat.getValue()] =
                            value.path("value").asDouble(Double.NaN);
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
            Percentiles highest = highest(found.getOrDefault(name, Map.of()).values());
            if (highest != null) {
                histograms.put(name, highest);
            }
        }
        return new LatencyReport(histograms, sourceRecords);
    }

    /**
     * The metric ids of each vertex, once the REST server's metric store holds some of every
     * subtask's. The store fills asynchronously: the first request after start (and after each
     * {@code metrics.fetcher.update-interval}) only starts a fetch from the TaskManagers and
     * answers with what the store already holds, which early in a job is nothing. So this asks
     * again until every subtask is there, or {@link #STORE_FILLS} has passed (then it reports what
     * there is).
     */
    private static Map<JsonNode, List<String>> listEverySubtask(
            HttpClient http, URI rest, String jobId) throws IOException {
        long deadline = System.nanoTime() + STORE_FILLS.toNanos();
        while (true) {
            Map<JsonNode, List<String>> listed = new LinkedHashMap<>();
            boolean complete = true;
            for (JsonNode vertex : get(http, rest, "/jobs/" + jobId).path("vertices")) {
                List<String> ids = new ArrayList<>();
                Set<Integer> subtasks = new HashSet<>();
                for (JsonNode metric : get(http, rest, metricsOf(jobId, vertex))) {
                    String id = metric.path("id").asText();
                    ids.add(id);
                    if (subtaskOf(id) >= 0) {
                        subtasks.add(subtaskOf(id));
                    }
                }
                complete &= subtasks.size() >= vertex.path("parallelism").asInt();
                listed.put(vertex, ids);
            }
            if (complete || System.nanoTime() >= deadline) {
                return listed;
            }
            try {
                Thread.sleep(STORE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static String metricsOf(String jobId, JsonNode vertex) {
        return "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
    }

    private static double[] nothingYet() {
        double[] stats = new double[STATS.size()];
        Arrays.fill(stats, Double.NaN);
        return stats;
    }

    /**
     * Each statistic's highest over the subtasks that have seen a value; null if none has. An empty
     * histogram's percentiles are NaN but its max is 0, so it is its median that says "empty".
     */
    private static Percentiles highest(Collection<double[]> subtasks) {
        double[] v = null;
        for (double[] stats : subtasks) {
            if (Double.isNaN(stats[0])) {
                continue;
            }
            if (v == null) {
                v = stats.clone();
            } else {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.max(v[i], stats[i]);
                }
            }
        }
        return v == null ? null : new Percentiles(v[0], v[1], v[2], v[3]);
    }

    /** {@code SUBTASK} of a vertex metric's id {@code SUBTASK.NAME}; -1 for any other id. */
    private static int subtaskOf(String id) {
        int dot = id.indexOf('.');
        return dot > 0 && id.substring(0, dot).chars().allMatch(Character::isDigit)
                ? Integer.parseInt(id.substring(0, dot))
                : -1;
    }

    /** {@code NAME} of a vertex metric's id {@code SUBTASK.NAME}; empty for any other id. */
    private static String withoutSubtask(String id) {
        return subtaskOf(id) >= 0 ? id.substring(id.indexOf('.') + 1) : "";
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
