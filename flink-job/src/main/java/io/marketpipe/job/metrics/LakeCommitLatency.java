package io.marketpipe.job.metrics;

import io.marketpipe.job.model.Trade;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Receive → lake file committed, for the trades table: passes trades through to the lake sink,
 * chained in front of it, and remembers their receive times by checkpoint. The lake's files are
 * committed when a checkpoint completes, and every trade that passed before that checkpoint's
 * barrier is in them, so when checkpoint N completes each of its trades' latency is now minus its
 * receive time ({@link Latencies#RECEIVE_TO_LAKE_COMMIT}). A completion that never comes is covered
 * by the next one (notifications may be skipped; a later checkpoint commits everything before it).
 * At most {@value #MAX_PER_CHECKPOINT} receive times a checkpoint are kept, spread evenly over its
 * trades, so a replay's millions of trades cost a bounded few kilobytes. Holds no state: after a
 * restore it measures from the next checkpoint on.
 */
public final class LakeCommitLatency extends RichMapFunction<Trade, Trade>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final int MAX_PER_CHECKPOINT = 4_096;

    private transient Histogram histogram;
    private transient long[] current;
    private transient int size;
    private transient long seen;
    private transient long stride;
    private transient Deque<Pending> pending;

    /** The receive times of one checkpoint's trades, waiting for it to complete. */
    private static final class Pending {
        final long checkpointId;
        final long[] receivedMicros;

        Pending(long checkpointId, long[] receivedMicros) {
            this.checkpointId = checkpointId;
            this.receivedMicros = receivedMicros;
        }
    }

    @Override
    public void open(Configuration parameters) {
        histogram =
                Latencies.histogram(
                        getRuntimeContext().getMetricGroup(), Latencies.RECEIVE_TO_LAKE_COMMIT);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        current = new long[64];
        size = 0;
        seen = 0;
        stride = 1;
        pending = new ArrayDeque<>();
    }

    @Override
    public Trade map(Trade trade) {
        if (trade.receivedMicros > 0) {
            remember(trade.receivedMicros);
        }
        return trade;
    }

    /** Keeps every k-th receive time once a checkpoint has more than the bound (k doubling). */
    private void remember(long receivedMicros) {
        seen++;
        if (seen > stride * MAX_PER_CHECKPOINT) {
            stride *= 2; // seen grows by one, so one doubling keeps seen <= stride * bound
        }
        if ((seen - 1) % stride != 0) {
            return;
        }
        if (size == MAX_PER_CHECKPOINT) {
            // the stride doubled: keep every other one so far
            for (int i = 0; i < size / 2; i++) {
                current[i] = current[2 * i];
            }
            size /= 2;
        }
        if (size == current.length) {
            current = Arrays.copyOf(current, Math.min(2 * size, MAX_PER_CHECKPOINT));
        }
        current[size++] = receivedMicros;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        pending.addLast(new Pending(context.getCheckpointId(), Arrays.copyOf(current, size)));
        size = 0;
        seen = 0;
        stride = 1;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        long now = System.currentTimeMillis();
        while (!pending.isEmpty() && pending.peekFirst().checkpointId <= checkpointId) {
            for (long receivedMicros : pending.pollFirst().receivedMicros) {
                histogram.update(Latencies.sinceReceive(receivedMicros, now));
            }
        }
    }

    /** For tests: the histogram this function reports to. */
    Histogram histogram() {
        return histogram;
    }
}
