package io.marketpipe.job.source;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.decode.TradeRules;
import io.marketpipe.job.model.MarketEvent;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;

/**
 * The Kinesis raw stream as a source of decoded events, with watermarks per shard. Two readers:
 * polling ({@link KinesisStreamsSource}, the default) and enhanced fan-out. The 4.3.0 connectors
 * give the new source no fan-out, so EFO runs on the connector's {@link FlinkKinesisConsumer}, with
 * per-shard watermarks from {@link ShardBatchOperator}. The two keep different checkpoint state
 * under different uids: switching readers starts the source afresh from {@code
 * kinesis.initial.position} (a replayed stretch dedupes and overwrites idempotently).
 */
public final class KinesisRawSource {
    public static final String POLLING_UID = "source-kinesis-raw";
    public static final String EFO_UID = "source-kinesis-raw-efo";

    private KinesisRawSource() {}

    /** Adds the configured reader to {@code env}. */
    public static DataStream<MarketEvent> events(StreamExecutionEnvironment env, JobConfig config) {
        if ("EFO".equals(config.get(JobConfig.SOURCE, "kinesis.reader"))) {
            return env.addSource(fanOut(config), "kinesis-raw-efo")
                    .uid(EFO_UID)
                    .transform(
                            "unbatch-watermarks",
                            TypeInformation.of(MarketEvent.class),
                            new ShardBatchOperator(
                                    config.millis(JobConfig.BARS, "watermark.out-of-orderness.ms"),
                                    config.millis(JobConfig.BARS, "watermark.idleness.ms")))
                    .uid("unbatch-watermarks");
        }
        return env.fromSource(
                        polling(config),
                        TradeTimeWatermarks.strategy(config),
                        "kinesis-raw",
                        TypeInformation.of(MarketEvent.class))
                .uid(POLLING_UID);
    }

    /**
     * The connector's polling source, its GetRecords calls on each shard at least {@code
     * kinesis.polling.interval.ms} apart ({@link PacedStreamProxy}).
     */
    public static Source<MarketEvent, ?, ?> polling(JobConfig config) {
        Configuration source = new Configuration();
        Properties props = commonProperties(config);
        for (String key : props.stringPropertyNames()) {
            source.setString(key, props.getProperty(key));
        }
        KinesisDeserializationSchema<MarketEvent> deserializer =
                KinesisDeserializationSchema.of(new EnvelopeDeserializer(rules(config)));
        return new PacedPollingSource<>(
                KinesisStreamsSource.<MarketEvent>builder()
                        .setStreamArn(config.required(JobConfig.SOURCE, "kinesis.stream.arn"))
                        .setSourceConfig(source)
                        .setDeserializationSchema(deserializer)
                        .setKinesisShardAssigner(new ShardNumberAssigner())
                        .build(),
                source,
                deserializer,
                config.millis(JobConfig.SOURCE, "kinesis.polling.interval.ms"));
    }

    public static FlinkKinesisConsumer<Tuple2<String, List<MarketEvent>>> fanOut(JobConfig config) {
        // watermarks per shard come from ShardBatchOperator, not the consumer's assigner
        FlinkKinesisConsumer<Tuple2<String, List<MarketEvent>>> consumer =
                new FlinkKinesisConsumer<>(
                        streamName(config.required(JobConfig.SOURCE, "kinesis.stream.arn")),
                        new EnvelopeBatchDeserializer(rules(config)),
                        fanOutProperties(config));
        consumer.setShardAssigner(new ShardNumberAssigner());
        return consumer;
    }

    /** Live bounds of trade times around receive times. */
    static TradeRules rules(JobConfig config) {
        return new TradeRules(
                config.millis(JobConfig.BARS, "trade-time.max-ahead.ms"),
                config.millis(JobConfig.BARS, "trade-time.max-behind.ms"));
    }

    /**
     * The fan-out consumer's settings: registers by name, or uses a consumer registered outside.
     */
    static Properties fanOutProperties(JobConfig config) {
        String stream = streamName(config.required(JobConfig.SOURCE, "kinesis.stream.arn"));
        Properties props = commonProperties(config);
        props.setProperty("flink.stream.recordpublisher", "EFO");
        String consumerArn = config.get(JobConfig.SOURCE, "kinesis.efo.consumer.arn");
        if (consumerArn.isEmpty()) {
            props.setProperty("flink.stream.efo.registration", "LAZY");
            props.setProperty(
                    "flink.stream.efo.consumername",
                    config.get(JobConfig.SOURCE, "kinesis.efo.consumer.name"));
        } else {
            props.setProperty("flink.stream.efo.registration", "NONE");
            props.setProperty("flink.stream.efo.consumerarn." + stream, consumerArn);
        }
        return props;
    }

    /** The stream name from an ARN: {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}. */
    static String streamName(String arn) {
        int slash = arn.indexOf(":stream/");
        if (!arn.startsWith("arn:") || slash < 0 || slash + 8 == arn.length()) {
            throw new IllegalArgumentException("not a Kinesis stream ARN: " + arn);
        }
        return arn.substring(slash + 8);
    }

    // plain keys: the connector jar relocates its own constants classes
    private static Properties commonProperties(JobConfig config) {
        AwsSettings aws = config.aws();
        Properties props = aws.connectorProperties(true);
        props.setProperty(
                "flink.stream.initpos", config.get(JobConfig.SOURCE, "kinesis.initial.position"));
        props.setProperty(
                "flink.shard.discovery.intervalmillis",
                config.get(JobConfig.SOURCE, "kinesis.shard.discovery.interval.ms"));
        return props;
    }
}
