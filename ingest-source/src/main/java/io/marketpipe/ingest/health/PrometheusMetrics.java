package io.marketpipe.ingest.health;

import io.marketpipe.ingest.ForwarderMetrics;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The forwarder's metrics through the Prometheus Java client: every counter {@link
 * ForwarderMetrics} exports, frames received by feed, PutRecords latency as a summary, and the
 * buffer as gauges. Values are read when scraped; nothing is copied on the hot path.
 */
public final class PrometheusMetrics {
    private static final String PREFIX = "marketpipe_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusMetrics(ForwarderMetrics m, long bufferCapacityBytes) {
        CounterWithCallback.builder()
                .name(PREFIX + "frames_received")
                .help("Frames received from venues, by feed")
                .labelNames("feed")
                .callback(cb -> m.framesInByFeed.forEach((feed, n) -> cb.call(n.sum(), feed)))
                .register(registry);
        for (ForwarderMetrics.Exported c : m.exported()) {
            CounterWithCallback.builder()
                    .name(PREFIX + c.prometheus())
                    .help(c.help())
                    .callback(cb -> cb.call(c.adder().sum()))
                    .register(registry);
        }
        SummaryWithCallback.builder()
                .name(PREFIX + "kinesis_put_seconds")
                .help("PutRecords call latency")
                .unit(Unit.SECONDS)
                .callback(cb -> cb.call(m.putCalls.sum(), m.putNanos.sum() / 1e9, Quantiles.EMPTY))
                .register(registry);
        CounterWithCallback.builder()
                .name(PREFIX + "backpressure_seconds")
                .help("Time feeds waited for buffer space")
                .unit(Unit.SECONDS)
                .callback(cb -> cb.call(m.backpressureNanos.sum() / 1e9))
                .register(registry);
        GaugeWithCallback.builder()
                .name(PREFIX + "buffer_bytes")
                .help("Bytes buffered, not yet acknowledged by Kinesis")
                .callback(cb -> cb.call(m.bufferedBytes.get()))
                .register(registry);
        GaugeWithCallback.builder()
                .name(PREFIX + "depth_snapshots_waiting")
                .help("Symbols waiting for a REST depth snapshot (queued or being fetched)")
                .callback(cb -> cb.call(m.depthSnapshotsWaiting.get()))
                .register(registry);
        GaugeWithCallback.builder()
                .name(PREFIX + "buffer_fill_ratio")
                .help("Buffered bytes over buffer capacity")
                .callback(cb -> cb.call((double) m.bufferedBytes.get() / bufferCapacityBytes))
                .register(registry);
    }

    /** The text exposition format. */
    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return writer.getContentType();
    }
}
