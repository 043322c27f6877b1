package io.marketpipe.job.source;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * A {@link ProcessOperator} for the first step after a source that passes on the end of event time
 * itself when its input ends, as active.
 *
 * <p>On a stop with drain, Flink 1.19 emits the final {@link Watermark#MAX_WATERMARK} from the
 * source task, but the task's outputs drop watermarks while the task has announced itself idle.
 * When every source subtask is idle at the stop (every shard quiet for longer than the watermark's
 * idleness), no window sees the end of event time, and the open windows (each symbol's last bar)
 * never fire: the job drains without them. Upstream: FLINK-40499, not released for 1.19. Chained
 * after the source, this operator's input ends at a drain (and at the end of a bounded input, where
 * the watermark it adds changes nothing): it announces itself active and passes the end of event
 * time on.
 */
public final class EndOfInputWatermarkOperator<IN, OUT> extends ProcessOperator<IN, OUT>
        implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public EndOfInputWatermarkOperator(ProcessFunction<IN, OUT> function) {
        super(function);
    }

    @Override
    public void endInput() {
        output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        output.emitWatermark(Watermark.MAX_WATERMARK);
    }
}
