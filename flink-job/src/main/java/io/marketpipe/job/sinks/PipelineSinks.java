package io.marketpipe.job.sinks;

import io.marketpipe.job.bars.BarInterval;
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
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;

/** The sinks the topology writes to; each may be absent (e.g. replay without DynamoDB). */
public interface PipelineSinks {
    Optional<Sink<Trade>> tradesLake();

    Optional<Sink<Bar>> barsLake(BarInterval interval);

    Optional<Sink<Quote>> quotesLake();

    Optional<Sink<Quarantined>> quarantineLake();

    Optional<Sink<Gap>> gapsLake();

    Optional<Sink<BookTop>> bookTopLake();

    Optional<Sink<BookGap>> bookGapsLake();

    /** Books' best levels on a grid of event time and at bar closes, a row per level. */
    Optional<Sink<BookSnapshot>> bookSnapshotsLake();

    Optional<Sink<AggTrade>> aggTradesLake();

    /** The venue's closed klines. */
    Optional<Sink<Kline>> klinesLake();

    /** Where the venue's klines and our bars differ. */
    Optional<Sink<Reconciliation>> reconciliationLake();

    Optional<Sink<Trade>> latestPrice();

    /** Latest in-sync top of each book. */
    Optional<Sink<BookTop>> topOfBook();

    Optional<Sink<Bar>> barsTable();

    Optional<Sink<Quarantined>> quarantineStream();

    Optional<Sink<Signal>> signalsLake();

    Optional<Sink<Fill>> fillsLake();

    Optional<Sink<RoundTrip>> roundTripsLake();

    Optional<Sink<EquityPoint>> equityLake();

    Optional<Sink<Signal>> signalsTable();

    Optional<Sink<EquityPoint>> positionsTable();

    /** A Firehose delivery stream for one of {@code JobConfig.FIREHOSE_TABLES}, if configured. */
    <T> Optional<Sink<T>> firehose(String table, SerializationSchema<T> jsonLines);
}
