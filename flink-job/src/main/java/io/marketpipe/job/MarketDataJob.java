package io.marketpipe.job;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.config.PropertyGroupsFile;
import io.marketpipe.job.sinks.ConfiguredSinks;
import io.marketpipe.job.source.KinesisRawSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point on Managed Flink (runtime properties) or any Flink 1.19 cluster ({@code --config
 * FILE.json} in the same shape).
 */
public final class MarketDataJob {
    private MarketDataJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromPropertyGroups(propertyGroups(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        env.execute("marketpipe");
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
