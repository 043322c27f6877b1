package io.marketpipe.job.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Live latency histograms, in milliseconds, under each operator's {@value #GROUP} metric group:
 * from the exchange's event time to the forwarder's receive time, and from the receive time to each
 * point the job reaches. Over the last {@value #WINDOW} values of each subtask; the REST API and
 * the dashboard show them as {@code _p50}, {@code _p95}, {@code _p99}, {@code _max} and so on. In a
 * replay they measure the capture's age, not the job.
 */
public final class Latencies {
    public static final String GROUP = "latency";
    public static final String EXCHANGE_TO_RECEIVE = "exchangeToReceiveMs";
    public static final String RECEIVE_TO_DECODE = "receiveToDecodeMs";
    public static final String RECEIVE_TO_LATEST_PRICE = "receiveToLatestPriceMs";

    /**
     * From the receive time of the latest-received trade of the bar a signal came from, to the
     * signal. An event-time bar closes once the watermark passes its end, so this holds the wait
     * for later trades (the watermark's out-of-orderness bound) as well as the job's own time.
     */
    public static final String RECEIVE_TO_SIGNAL = "receiveToSignalMs";

    /**
     * From a trade's receive time to the completion of the checkpoint that commits its lake file.
     */
    public static final String RECEIVE_TO_LAKE_COMMIT = "receiveToLakeCommitMs";

    static final int WINDOW = 10_000;

    private Latencies() {}

    public static Histogram histogram(MetricGroup operator, String name) {
        return operator.addGroup(GROUP).histogram(name, new DescriptiveStatisticsHistogram(WINDOW));
    }

    /** Milliseconds from a forwarder receive time (epoch micros) to now. */
    public static long sinceReceive(long receivedMicros, long nowMillis) {
        return nowMillis - receivedMicros / 1_000;
    }
}
