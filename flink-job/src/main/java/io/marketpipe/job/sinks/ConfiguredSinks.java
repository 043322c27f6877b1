package io.marketpipe.job.sinks;

import io.marketpipe.job.bars.BarInterval;
import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.Reconciliation;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.model.Trade;
import io.marketpipe.job.sinks.dynamo.BarItemConverter;
import io.marketpipe.job.sinks.dynamo.LatestPriceSink;
import io.marketpipe.job.sinks.dynamo.PositionsSink;
import io.marketpipe.job.sinks.dynamo.SignalsSink;
import io.marketpipe.job.sinks.dynamo.TopOfBookSink;
import io.marketpipe.job.sinks.lake.LakeSinks;
import io.marketpipe.job.sinks.quarantine.QuarantineJson;
import io.marketpipe.schemas.tables.DynamoTables;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSink;
import org.apache.flink.connector.firehose.sink.KinesisFirehoseSink;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;

/** The real sinks, as the job configuration names them. */
public final class ConfiguredSinks implements PipelineSinks {
    private final JobConfig config;
    private final AwsSettings aws;
    private final Optional<LakeSinks> lake;

    public ConfiguredSinks(JobConfig config) {
        this.config = config;
        this.aws = config.aws();
        this.lake = config.optional(JobConfig.SINKS, "lake.path").map(LakeSinks::new);
    }

    private int inFlight() {
        return config.count(JobConfig.SINKS, "dynamodb.writes.in-flight", 1, 1_000);
    }

    @Override
    public Optional<Sink<Trade>> tradesLake() {
        return lake.map(LakeSinks::trades);
    }

    @Override
    public Optional<Sink<Bar>> barsLake(BarInterval interval) {
        return lake.map(l -> l.bars(interval));
    }

    @Override
    public Optional<Sink<Quote>> quotesLake() {
        return lake.map(LakeSinks::quotes);
    }

    @Override
    public Optional<Sink<Quarantined>> quarantineLake() {
        return lake.map(LakeSinks::quarantine);
    }

    @Override
    public Optional<Sink<Gap>> gapsLake() {
        return lake.map(LakeSinks::gaps);
    }

    @Override
    public Optional<Sink<BookTop>> bookTopLake() {
        return lake.map(LakeSinks::bookTop);
    }

    @Override
    public Optional<Sink<BookGap>> bookGapsLake() {
        return lake.map(LakeSinks::bookGaps);
    }

    @Override
    public Optional<Sink<BookSnapshot>> bookSnapshotsLake() {
        return lake.map(LakeSinks::bookSnapshots);
    }

    @Override
    public Optional<Sink<AggTrade>> aggTradesLake() {
        return lake.map(LakeSinks::aggTrades);
    }

    @Override
    public Optional<Sink<Kline>> klinesLake() {
        return lake.map(LakeSinks::exchangeKlines);
    }

    @Override
    public Optional<Sink<Reconciliation>> reconciliationLake() {
        return lake.map(LakeSinks::reconciliation);
    }

    @Override
    public Optional<Sink<Trade>> latestPrice() {
        long interval = config.millis(JobConfig.SINKS, "dynamodb.latest-price.flush.interval.ms");
        return config.optional(JobConfig.SINKS, "dynamodb.latest-price.table")
                .map(table -> new LatestPriceSink(aws, table, interval, inFlight()));
    }

    @Override
    public Optional<Sink<BookTop>> topOfBook() {
        long interval = config.millis(JobConfig.SINKS, "dynamodb.latest-price.flush.interval.ms");
        return config.optional(JobConfig.SINKS, "dynamodb.top-of-book.table")
                .map(table -> new TopOfBookSink(aws, table, interval, inFlight()));
    }

    @Override
    public Optional<Sink<Bar>> barsTable() {
        return config.optional(JobConfig.SINKS, "dynamodb.bars.table")
                .map(
                        table ->
                                DynamoDbSink.<Bar>builder()
                                        .setTableName(table)
                                        .setElementConverter(new BarItemConverter())
                                        // a batch may hold a bar and its late update: keep the last
                                        // per full key
                                        .setOverwriteByPartitionKeys(
                                                List.of(DynamoTables.BARS_PK, DynamoTables.BARS_SK))
                                        .setDynamoDbProperties(aws.connectorProperties(false))
                                        .build());
    }

    @Override
    public Optional<Sink<Signal>> signalsLake() {
        return lake.map(LakeSinks::signals);
    }

    @Override
    public Optional<Sink<Fill>> fillsLake() {
        return lake.map(LakeSinks::fills);
    }

    @Override
    public Optional<Sink<RoundTrip>> roundTripsLake() {
        return lake.map(LakeSinks::roundTrips);
    }

    @Override
    public Optional<Sink<EquityPoint>> equityLake() {
        return lake.map(LakeSinks::equity);
    }

    @Override
    public Optional<Sink<Signal>> signalsTable() {
        long interval = config.millis(JobConfig.SINKS, "dynamodb.positions.flush.interval.ms");
        return config.optional(JobConfig.SINKS, "dynamodb.signals.table")
                .map(table -> new SignalsSink(aws, table, interval, inFlight()));
    }

    @Override
    public Optional<Sink<EquityPoint>> positionsTable() {
        long interval = config.millis(JobConfig.SINKS, "dynamodb.positions.flush.interval.ms");
        return config.optional(JobConfig.SINKS, "dynamodb.positions.table")
                .map(table -> new PositionsSink(aws, table, interval, inFlight()));
    }

    @Override
    public <T> Optional<Sink<T>> firehose(String table, SerializationSchema<T> jsonLines) {
        return config.optional(JobConfig.SINKS, "firehose." + table + ".stream")
                .map(
                        stream ->
                                KinesisFirehoseSink.<T>builder()
                                        .setDeliveryStreamName(stream)
                                        .setSerializationSchema(jsonLines)
                                        .setFirehoseClientProperties(aws.firehoseProperties())
                                        .build());
    }

    @Override
    public Optional<Sink<Quarantined>> quarantineStream() {
        return config.optional(JobConfig.SINKS, "quarantine.stream.arn")
                .map(
                        arn ->
                                KinesisStreamsSink.<Quarantined>builder()
                                        .setStreamArn(arn)
                                        .setSerializationSchema(new QuarantineJson())
                                        .setPartitionKeyGenerator(q -> q.venue + ":" + q.reason)
                                        .setKinesisClientProperties(aws.connectorProperties(true))
                                        .build());
    }
}
