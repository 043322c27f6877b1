package io.marketpipe.job.source;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;

/** The Kinesis raw stream as a source of frames (polling reader). */
public final class KinesisRawSource {
    private KinesisRawSource() {}

    public static KinesisStreamsSource<MarketEvent> create(JobConfig config) {
        AwsSettings aws = config.aws();
        Configuration source = new Configuration();
        Properties props = aws.connectorProperties(true);
        for (String key : props.stringPropertyNames()) {
            source.setString(key, props.getProperty(key));
        }
        // plain keys: the connector jar relocates its own constants classes
        source.setString(
                "flink.stream.initpos", config.get(JobConfig.SOURCE, "kinesis.initial.position"));
        source.setString(
                "flink.shard.discovery.intervalmillis",
                config.get(JobConfig.SOURCE, "kinesis.shard.discovery.interval.ms"));
        return KinesisStreamsSource.<MarketEvent>builder()
                .setStreamArn(config.required(JobConfig.SOURCE, "kinesis.stream.arn"))
                .setSourceConfig(source)
                .setDeserializationSchema(new EnvelopeDeserializer())
                .build();
    }
}
