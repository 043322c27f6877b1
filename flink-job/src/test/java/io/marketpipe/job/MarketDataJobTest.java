package io.marketpipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class MarketDataJobTest {
    @Test
    void aClusterWithoutCheckpointingGetsExactlyOnceEveryMinute() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());

        assertThat(MarketDataJob.defaultCheckpointing(env)).isTrue();

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(60_000);
        assertThat(env.getCheckpointConfig().getCheckpointingMode())
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(env.getCheckpointConfig().getMinPauseBetweenCheckpoints()).isEqualTo(5_000);
        assertThat(env.getCheckpointConfig().isExternalizedCheckpointsEnabled()).isTrue();
    }

    @Test
    void checkpointingTheClusterConfiguredStands() {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "5 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);

        assertThat(MarketDataJob.defaultCheckpointing(env)).isFalse();

        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5_000);
    }
}
