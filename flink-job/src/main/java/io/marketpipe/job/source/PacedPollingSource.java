package io.marketpipe.job.source;

import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.fetcher.SingleThreadFetcherManager;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisStreamsSourceEnumeratorState;
import org.apache.flink.connector.kinesis.source.proxy.KinesisStreamProxy;
import org.apache.flink.connector.kinesis.source.proxy.StreamProxy;
import org.apache.flink.connector.kinesis.source.reader.KinesisStreamsRecordEmitter;
import org.apache.flink.connector.kinesis.source.reader.KinesisStreamsSourceReader;
import org.apache.flink.connector.kinesis.source.reader.PollingKinesisShardSplitReader;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.kinesis.shaded.org.apache.flink.connector.aws.util.AWSClientUtil;
import org.apache.flink.kinesis.shaded.org.apache.flink.connector.aws.util.AWSGeneralUtil;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.SdkHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.apache.ApacheHttpClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.KinesisClient;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.utils.AttributeMap;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The connector's polling {@link KinesisStreamsSource} with its GetRecords calls paced ({@link
 * PacedStreamProxy}). Shard discovery, split assignment and the checkpointed state are the
 * connector's own, so a savepoint of either reads with the other; only the reader is built here,
 * the way the connector's {@code createReader} builds it, around a paced proxy.
 */
final class PacedPollingSource<T>
        implements Source<T, KinesisShardSplit, KinesisStreamsSourceEnumeratorState> {
    private static final long serialVersionUID = 1L;

    // as the connector's own client names itself
    private static final String USER_AGENT_FORMAT = "Apache Flink %s (%s) Kinesis Connector";
    private static final String USER_AGENT_PREFIX_KEY = "aws.kinesis.client.user-agent-prefix";

    private final KinesisStreamsSource<T> connector;
    private final Configuration sourceConfig;
    private final KinesisDeserializationSchema<T> deserializer;
    private final long intervalMillis;

    PacedPollingSource(
            KinesisStreamsSource<T> connector,
            Configuration sourceConfig,
            KinesisDeserializationSchema<T> deserializer,
            long intervalMillis) {
        this.connector = connector;
        this.sourceConfig = sourceConfig;
        this.deserializer = deserializer;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public Boundedness getBoundedness() {
        return connector.getBoundedness();
    }

    @Override
    public SourceReader<T, KinesisShardSplit> createReader(SourceReaderContext context)
            throws Exception {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup().addGroup("deserializer");
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
                    }
                });
        FutureCompletingBlockingQueue<RecordsWithSplitIds<Record>> queue =
                new FutureCompletingBlockingQueue<>();
        return new KinesisStreamsSourceReader<>(
                queue,
                new SingleThreadFetcherManager<>(
                        queue,
                        () ->
                                new PollingKinesisShardSplitReader(
                                        new PacedStreamProxy(
                                                kinesis(sourceConfig), intervalMillis))),
                new KinesisStreamsRecordEmitter<>(deserializer),
                sourceConfig,
                context);
    }

    /** A Kinesis client as the connector makes one from the source's settings. */
    private static StreamProxy kinesis(Configuration sourceConfig) {
        SdkHttpClient http =
                AWSGeneralUtil.createSyncHttpClient(
                        AttributeMap.builder().build(), ApacheHttpClient.builder());
        Properties props = new Properties();
        sourceConfig.addAllToProperties(props);
        AWSGeneralUtil.validateAwsCredentials(props);
        KinesisClient client =
                AWSClientUtil.createAwsSyncClient(
                        props,
                        http,
                        KinesisClient.builder(),
                        USER_AGENT_FORMAT,
                        USER_AGENT_PREFIX_KEY);
        return new KinesisStreamProxy(client, http);
    }

    @Override
    public SplitEnumerator<KinesisShardSplit, KinesisStreamsSourceEnumeratorState> createEnumerator(
            SplitEnumeratorContext<KinesisShardSplit> context) throws Exception {
        return connector.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KinesisShardSplit, KinesisStreamsSourceEnumeratorState>
            restoreEnumerator(
                    SplitEnumeratorContext<KinesisShardSplit> context,
                    KinesisStreamsSourceEnumeratorState checkpoint)
                    throws Exception {
        return connector.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<KinesisShardSplit> getSplitSerializer() {
        return connector.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KinesisStreamsSourceEnumeratorState>
            getEnumeratorCheckpointSerializer() {
        return connector.getEnumeratorCheckpointSerializer();
    }
}
