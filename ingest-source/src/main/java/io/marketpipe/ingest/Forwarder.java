package io.marketpipe.ingest;

import io.marketpipe.ingest.backfill.BinanceRestBackfill;
import io.marketpipe.ingest.backfill.GapDetectingSink;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.FrameBatcher;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.feed.ReconnectingFeeds;
import io.marketpipe.ingest.kinesis.KinesisPublisher;
import io.marketpipe.ingest.kinesis.RecordPutter;
import io.marketpipe.ingest.kinesis.SdkRecordPutter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** The running forwarder: feeds into the batcher, the publisher out to Kinesis. */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final KinesisClient kinesis;
    private final FrameBatcher batcher;
    private final KinesisPublisher publisher;
    private final ReconnectingFeeds feeds;
    private final Optional<BinanceRestBackfill> backfill;

    private Forwarder(ForwarderConfig config, KinesisClient kinesis, RecordPutter putter) {
        this.kinesis = kinesis;
        this.batcher = new FrameBatcher(config.batcher(), metrics, System::nanoTime);
        this.publisher =
                new KinesisPublisher(
                        batcher, putter, metrics, Duration.ofMillis(50), Duration.ofSeconds(5));
        this.backfill =
                config.binanceRest()
                        .map(
                                uri ->
                                        new BinanceRestBackfill(
                                                uri, batcher, metrics, Forwarder::nowMicros));
        FrameSink sink =
                backfill.<FrameSink>map(b -> new GapDetectingSink(batcher, b, metrics))
                        .orElse(batcher);
        this.feeds =
                new ReconnectingFeeds(
                        config.feeds(), sink, metrics, Forwarder::nowMicros, config.timings());
    }

    public static Forwarder start(ForwarderConfig config) {
        KinesisClientBuilder builder =
                KinesisClient.builder()
                        .region(Region.of(config.region()))
                        .credentialsProvider(config.credentials())
                        .httpClient(
                                UrlConnectionHttpClient.builder()
                                        .socketTimeout(Duration.ofSeconds(30))
                                        .build());
        config.kinesisEndpoint().ifPresent(builder::endpointOverride);
        KinesisClient kinesis = builder.build();
        Forwarder forwarder =
                new Forwarder(config, kinesis, new SdkRecordPutter(kinesis, config.rawStream()));
        forwarder.publisher.start();
        forwarder.backfill.ifPresent(BinanceRestBackfill::start);
        forwarder.feeds.start();
        LOG.info("forwarding {} to stream {}", config.feeds(), config.rawStream());
        return forwarder;
    }

    public ForwarderMetrics metrics() {
        return metrics;
    }

    /** No backfill waiting or running. */
    public boolean backfillIdle() {
        return backfill.map(BinanceRestBackfill::idle).orElse(true);
    }

    public boolean connected() {
        return feeds.allOpen();
    }

    /** Stops the feeds, flushes every buffered frame to Kinesis, then stops publishing. */
    @Override
    public void close() throws InterruptedException {
        feeds.close();
        if (backfill.isPresent()) {
            backfill.get().close();
        }
        boolean flushed = batcher.flush(FLUSH_TIMEOUT.toNanos());
        if (!flushed) {
            LOG.error(
                    "{} bytes of frames were not acknowledged by Kinesis within {} s",
                    batcher.bufferedBytes(),
                    FLUSH_TIMEOUT.toSeconds());
        }
        publisher.close();
        kinesis.close();
        LOG.info(
                "forwarder stopped: {} frames in, {} out, {} records",
                metrics.framesIn.sum(),
                metrics.framesOut.sum(),
                metrics.recordsPut.sum());
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
    }
}
