package io.marketpipe.launcher;

import io.marketpipe.job.Pipeline;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.sinks.ConfiguredSinks;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.job.source.TradeTimeWatermarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's topology run bounded over capture files: every window fires at the end of input, the
 * lake goes under a local folder, DynamoDB optionally. Returns the accounting accumulators.
 */
public final class Replay {
    public static final int DEFAULT_PARALLELISM = 2;
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
        Map<String, Properties> groups = new TreeMap<>();
        groups.put(JobConfig.BARS, bars);
        dynamoDb.ifPresent(extra -> merge(groups, extra));
        return run(
                format.name().toLowerCase(java.util.Locale.ROOT),
                List.of(input),
                lake,
                groups,
                DEFAULT_PARALLELISM);
    }

    /**
     * Replays {@code inputs} with the job configured by {@code groups} (plus the lake), at {@code
     * parallelism}.
     */
    public static Map<String, Object> run(
            CaptureLine.Format format,
            List<Path> inputs,
            Path lake,
            Map<String, Properties> groups,
            int parallelism)
            throws Exception {
        return run(
                format.name().toLowerCase(java.util.Locale.ROOT),
                inputs,
                lake,
                groups,
                parallelism);
    }

    /**
     * Replays {@code inputs} read as {@code source} (see {@link ReplaySource}) with the job
     * configured by {@code groups} (plus the lake), at {@code parallelism}.
     */
    public static Map<String, Object> run(
            String source,
            List<Path> inputs,
            Path lake,
            Map<String, Properties> groups,
            int parallelism)
            throws Exception {
        Map<String, Properties> all = new TreeMap<>();
        merge(all, groups);
        all.computeIfAbsent(JobConfig.SINKS, g -> new Properties())
                .setProperty("lake.path", lake.toAbsolutePath().toUri().toString());
        JobConfig config = JobConfig.fromPropertyGroups(all);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
        // the lake commits on checkpoints; a final one follows the end of the bounded input
        env.enableCheckpointing(CHECKPOINT_MILLIS);
        Path work = Files.createTempDirectory("marketpipe-replay");
        try {
            FileSource<MarketEvent> files = ReplaySource.of(source, inputs, work);
            DataStream<MarketEvent> events =
                    env.fromSource(
                                    files,
                                    TradeTimeWatermarks.strategy(config),
                                    "capture",
                                    TypeInformation.of(MarketEvent.class))
                            .uid("source-capture");
            Pipeline.build(events, config, new ConfiguredSinks(config));
            JobExecutionResult result = env.execute("marketpipe-replay");
            return result.getAllAccumulatorResults();
        } finally {
            try (var listed = Files.list(work)) {
                for (Path p : (Iterable<Path>) listed::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(work);
        }
    }

    private static void merge(Map<String, Properties> into, Map<String, Properties> extra) {
        extra.forEach(
                (group, props) -> into.computeIfAbsent(group, g -> new Properties()).putAll(props));
    }
}
