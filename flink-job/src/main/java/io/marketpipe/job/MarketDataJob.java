package io.marketpipe.job;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.config.PropertyGroupsFile;
import io.marketpipe.job.sinks.ConfiguredSinks;
import io.marketpipe.job.source.KinesisRawSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point on Managed Flink (runtime properties) or any Flink 1.19 cluster ({@code --config
 * FILE.json} in the same shape).
 */
public final class MarketDataJob {
    private static final Logger LOG = LoggerFactory.getLogger(MarketDataJob.class);

    private MarketDataJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromPropertyGroups(propertyGroups(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        defaultCheckpointing(env);
        build(env, config);
        env.execute("marketpipe");
    }

    /** Managed Flink's own default interval, used where the cluster configured none. */
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

    /**
     * Turns checkpointing on where the cluster left it off (a plain {@code flink run}): without it
     * the lake never commits a file and a restart replays from the start position. Exactly once,
     * every 60 s, at least 5 s apart, kept on cancellation. Where checkpointing is already
     * configured (Managed Flink, or the cluster's config), that configuration stands.
     */
    static boolean defaultCheckpointing(StreamExecutionEnvironment env) {
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        if (checkpoints.isCheckpointingEnabled()) {
            return false;
        }
        env.enableCheckpointing(
                DEFAULT_CHECKPOINT_INTERVAL.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        checkpoints.setMinPauseBetweenCheckpoints(5_000);
        checkpoints.setCheckpointTimeout(Duration.ofMinutes(10).toMillis());
        checkpoints.setExternalizedCheckpointCleanup(
                CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        LOG.info(
                "no checkpointing configured: checkpointing every {} s, exactly once",
                DEFAULT_CHECKPOINT_INTERVAL.toSeconds());
        return true;
    }

    /** Adds the Kinesis-fed topology to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        Pipeline.build(KinesisRawSource.events(env, config), config, new ConfiguredSinks(config));
    }

    static Map<String, Properties> propertyGroups(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config")) {
                return PropertyGroupsFile.read(Path.of(args[i + 1]));
            }
        }
        return KinesisAnalyticsRuntime.getApplicationProperties();
    }
}
