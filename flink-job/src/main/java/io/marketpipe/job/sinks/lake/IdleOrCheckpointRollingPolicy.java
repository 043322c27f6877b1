package io.marketpipe.job.sinks.lake;

import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Rolls every part on each checkpoint, as a bulk format must, and also a part that has had no row
 * for {@code idleMillis}: a date the data has moved past closes its writer then, not at a
 * checkpoint that may be minutes away, so a stream moving through dates holds few writers open.
 */
final class IdleOrCheckpointRollingPolicy<IN, B> extends CheckpointRollingPolicy<IN, B> {
    private static final long serialVersionUID = 1L;

    private final long idleMillis;

    IdleOrCheckpointRollingPolicy(long idleMillis) {
        this.idleMillis = idleMillis;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<B> partFileState, IN element) {
        return false;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<B> partFileState, long currentTime) {
        return currentTime - partFileState.getLastUpdateTime() >= idleMillis;
    }
}
