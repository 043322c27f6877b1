package io.marketpipe.launcher;

import io.marketpipe.job.Pipeline;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.sinks.ConfiguredSinks;
import io.marketpipe.job.source.CaptureFormat;
import io.marketpipe.job.source.CaptureLine;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's topology run bounded over a capture file: every window fires at the end of input, the
 * lake goes under a local folder, DynamoDB optionally. Returns the accounting accumulators.
 */
public final class Replay {
    private static final int PARALLELISM = 2;
    private static final long CHECKPOINT_MILLIS = 2_000;

    private Replay() {}

    /**
     * @param dynamoDb extra "aws" and "sinks" properties for DynamoDB, or empty for none
     */
    public static Map<String, Object> run(
            CaptureLine.Format format,
            Path input,
            Path lake,
            String intervals,
            Optional<Map<String, Properties>> dynamoDb)
            throws Exception {
        Properties bars = new Properties();
        bars.setProperty("intervals", intervals);
        Properties sinks = new Properties();
        sinks.setProperty("lake.path", lake.toAbsolutePath().toUri().toString());
        Map<String, Properties> groups = new TreeMap<>();
        groups.put(JobConfig.BARS, bars);
        groups.put(JobConfig.SINKS, sinks);
        dynamoDb.ifPresent(
                extra ->
                        extra.forEach(
                                (group, props) ->
                                        groups.computeIfAbsent(group, g -> new Properties())
                                                .putAll(props)));
        JobConfig config = JobConfig.fromPropertyGroups(groups);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, new Configuration());
        // the lake commits on checkpoints; a final one follows the end of the bounded input
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        FileSource<MarketEvent> source =
                FileSource.forRecordStreamFormat(
                                new CaptureFormat(format),
                                new org.apache.flink.core.fs.Path(input.toAbsolutePath().toUri()))
                        .build();
        Pipeline.build(
                env.fromSource(
                                source,
                                Pipeline.watermarks(config),
                                "capture",
                                TypeInformation.of(MarketEvent.class))
                        .uid("source-capture"),
                config,
                new ConfiguredSinks(config));
        JobExecutionResult result = env.execute("marketpipe-replay");
        return result.getAllAccumulatorResults();
    }
}
