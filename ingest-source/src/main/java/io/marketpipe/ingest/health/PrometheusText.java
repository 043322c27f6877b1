package io.marketpipe.ingest.health;

import io.marketpipe.ingest.ForwarderMetrics;
import java.util.Map;
import java.util.TreeMap;

/** The forwarder's metrics in Prometheus' text exposition format (version 0.0.4). */
public final class PrometheusText {
    private PrometheusText() {}

    public static String render(ForwarderMetrics m, long bufferCapacityBytes) {
        StringBuilder out = new StringBuilder(4096);
        Map<String, Long> byFeed = new TreeMap<>();
        m.framesInByFeed.forEach((feed, count) -> byFeed.put(feed, count.sum()));
        header(
                out,
                "marketpipe_frames_received_total",
                "counter",
                "Frames received from venues, by feed");
        byFeed.forEach(
                (feed, n) ->
                        out.append("marketpipe_frames_received_total{feed=\"")
                                .append(feed)
                                .append("\"} ")
                                .append(n)
                                .append('\n'));
        counter(
                out,
                "marketpipe_bytes_received_total",
                "Frame bytes received from venues",
                m.bytesIn.sum());
        counter(
                out,
                "marketpipe_frames_forwarded_total",
                "Frames acknowledged by Kinesis",
                m.framesOut.sum());
        counter(
                out,
                "marketpipe_kinesis_records_total",
                "Kinesis records written",
                m.recordsPut.sum());
        header(out, "marketpipe_kinesis_put_seconds", "summary", "PutRecords call latency");
        out.append("marketpipe_kinesis_put_seconds_sum ")
                .append(m.putNanos.sum() / 1e9)
                .append('\n');
        out.append("marketpipe_kinesis_put_seconds_count ").append(m.putCalls.sum()).append('\n');
        counter(
                out,
                "marketpipe_kinesis_record_retries_total",
                "Records retried after a failed put",
                m.recordRetries.sum());
        counter(
                out,
                "marketpipe_kinesis_throttled_total",
                "Records refused for throughput",
                m.throttled.sum());
        counter(
                out,
                "marketpipe_backpressure_waits_total",
                "Times a feed waited for buffer space",
                m.backpressureWaits.sum());
        counter(
                out,
                "marketpipe_oversize_frames_total",
                "Frames too large for a Kinesis record",
                m.oversizeFrames.sum());
        counter(out, "marketpipe_connects_total", "WebSocket connections opened", m.connects.sum());
        counter(
                out,
                "marketpipe_reconnects_total",
                "Reconnects after a lost connection",
                m.reconnects.sum());
        counter(
                out,
                "marketpipe_rotations_total",
                "Connections replaced before the venue's cut or on serverShutdown",
                m.rotations.sum());
        counter(
                out,
                "marketpipe_rotation_handover_timeouts_total",
                "Rotations whose replacement took over at the handover bound, before it had"
                        + " delivered on every stream",
                m.handoverTimeouts.sum());
        counter(
                out,
                "marketpipe_watchdog_reconnects_total",
                "Reconnects of silent connections",
                m.watchdogReconnects.sum());
        counter(out, "marketpipe_gaps_total", "Trade-id gaps detected", m.gaps.sum());
        counter(
                out,
                "marketpipe_backfilled_trades_total",
                "Trades fetched over REST for gaps",
                m.backfilledTrades.sum());
        counter(
                out,
                "marketpipe_unrecoverable_gaps_total",
                "Gap ranges recorded as unrecoverable",
                m.unrecoverableGaps.sum());
        counter(
                out,
                "marketpipe_rest_rate_limited_total",
                "REST answers 429 or 418",
                m.restRateLimited.sum());
        counter(
                out,
                "marketpipe_publisher_restarts_total",
                "Kinesis publisher threads restarted after dying",
                m.publisherRestarts.sum());
        counter(
                out,
                "marketpipe_unflushed_frames_total",
                "Frames not acknowledged by Kinesis within the shutdown flush deadline",
                m.unflushedFrames.sum());
        header(
                out,
                "marketpipe_buffer_bytes",
                "gauge",
                "Bytes buffered, not yet acknowledged by Kinesis");
        out.append("marketpipe_buffer_bytes ").append(m.bufferedBytes.get()).append('\n');
        header(out, "marketpipe_buffer_fill_ratio", "gauge", "Buffered bytes over buffer capacity");
        out.append("marketpipe_buffer_fill_ratio ")
                .append((double) m.bufferedBytes.get() / bufferCapacityBytes)
                .append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
