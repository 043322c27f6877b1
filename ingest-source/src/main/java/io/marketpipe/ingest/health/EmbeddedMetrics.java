package io.marketpipe.ingest.health;

import io.marketpipe.ingest.ForwarderMetrics;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The forwarder's counters as CloudWatch embedded metric format: every interval, one JSON line on
 * standard output with how much each counter grew (and the buffer's size), which CloudWatch Logs
 * turns into metrics in the configured namespace with dimension {@code Service=ingest-source}. No
 * agent, no PutMetricData permission; the alarms in terraform/modules/monitoring read these.
 */
public final class EmbeddedMetrics implements AutoCloseable {
    private final ForwarderMetrics metrics;
    private final String namespace;
    private final PrintStream out;
    private final LongSupplier wallMillis;
    private final Map<String, long[]> last = new LinkedHashMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "embedded-metrics");
                        t.setDaemon(true);
                        return t;
                    });

    public EmbeddedMetrics(
            ForwarderMetrics metrics, String namespace, PrintStream out, LongSupplier wallMillis) {
        if (!namespace.matches("[A-Za-z0-9_./#:-]{1,255}")) {
            throw new IllegalArgumentException(
                    "metrics namespace \"" + namespace + "\" is not valid");
        }
        this.metrics = metrics;
        this.namespace = namespace;
        this.out = out;
        this.wallMillis = wallMillis;
    }

    /** Reports every {@code intervalMillis}; 0 turns reporting off. */
    public EmbeddedMetrics start(long intervalMillis) {
        if (intervalMillis > 0) {
            timer.scheduleAtFixedRate(
                    this::report, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("frames_in", metrics.framesIn.sum());
        for (ForwarderMetrics.Exported e : metrics.exported()) {
            c.put(e.emf(), e.adder().sum());
        }
        c.put("put_calls", metrics.putCalls.sum());
        c.put("backpressure_ms", metrics.backpressureNanos.sum() / 1_000_000);
        return c;
    }

    /** Writes one EMF line: each counter's growth since the last line, and the buffer's bytes. */
    public synchronized void report() {
        StringBuilder defs = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (Map.Entry<String, Long> c : counters().entrySet()) {
            long[] before = last.computeIfAbsent(c.getKey(), k -> new long[1]);
            long delta = c.getValue() - before[0];
            before[0] = c.getValue();
            defs.append(defs.length() == 0 ? "" : ",")
                    .append("{\"Name\":\"")
                    .append(c.getKey())
                    .append(
                            c.getKey().endsWith("_ms")
                                    ? "\",\"Unit\":\"Milliseconds\"}"
                                    : "\",\"Unit\":\"Count\"}");
            values.append(",\"").append(c.getKey()).append("\":").append(delta);
        }
        defs.append(",{\"Name\":\"buffered_bytes\",\"Unit\":\"Bytes\"}");
        values.append(",\"buffered_bytes\":").append(metrics.bufferedBytes.get());
        out.println(
                "{\"_aws\":{\"Timestamp\":"
                        + wallMillis.getAsLong()
                        + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                        + namespace
                        + "\",\"Dimensions\":[[\"Service\"]],\"Metrics\":["
                        + defs
                        + "]}]},\"Service\":\"ingest-source\""
                        + values
                        + "}");
    }

    @Override
    public void close() {
        timer.shutdownNow();
        report(); // what grew since the last line is not lost at shutdown
    }
}
