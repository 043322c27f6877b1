package io.marketpipe.ingest;

import io.marketpipe.ingest.backfill.BinanceRestBackfill;
import io.marketpipe.ingest.backfill.GapDetectingSink;
import io.marketpipe.ingest.backfill.RawStreamTail;
import io.marketpipe.ingest.backfill.RestWeights;
import io.marketpipe.ingest.book.DepthSequenceSink;
import io.marketpipe.ingest.book.DepthSnapshots;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.envelope.FrameBatcher;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.ingest.envelope.RecordingSink;
import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.ReconnectingFeeds;
import io.marketpipe.ingest.health.OpsServer;
import io.marketpipe.ingest.health.PrometheusMetrics;
import io.marketpipe.ingest.kinesis.KinesisPublisher;
import io.marketpipe.ingest.kinesis.RecordPutter;
import io.marketpipe.ingest.kinesis.Router;
import io.marketpipe.ingest.kinesis.SdkRecordPutter;
import io.marketpipe.ingest.kinesis.ShardRouter;
import io.marketpipe.schemas.envelope.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * The running forwarder: feeds → (gap detection) → (capture file) → batcher → publisher → Kinesis,
 * with REST backfill into the same path and an optional ops endpoint.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final KinesisClient kinesis;
    private final FrameBatcher batcher;
    private final KinesisPublisher publisher;
    private final RecordingSink recorder;
    private final Optional<BinanceRestBackfill> backfill;
    private final GapDetectingSink gapSink;
    private final Optional<DepthSnapshots> snapshots;
    private final ReconnectingFeeds feeds;
    private final ForwarderConfig config;
    private final ShardRouter router;
    private final ScheduledExecutorService upkeep =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "forwarder-upkeep");
                        t.setDaemon(true);
                        return t;
                    });
    private OpsServer ops;

    private Forwarder(ForwarderConfig config, KinesisClient kinesis, RecordPutter putter)
            throws IOException {
        this.kinesis = kinesis;
        this.config = config;
        this.router =
                config.batcher().perShard()
                        ? ShardRouter.load(kinesis, config.rawStream(), placement(config))
                        : null;
        this.batcher =
                new FrameBatcher(
                        config.batcher(),
                        metrics,
                        System::nanoTime,
                        router == null ? Router.perKey() : router);
        this.publisher =
                new KinesisPublisher(
                        batcher, putter, metrics, Duration.ofMillis(50), Duration.ofSeconds(5));
        this.recorder =
                config.recordFile().isPresent()
                        ? new RecordingSink(batcher, config.recordFile().get())
                        : null;
        FrameSink out = recorder == null ? batcher : recorder;
        RestWeights weights = new RestWeights(metrics);
        this.backfill =
                config.binanceRest()
                        .map(
                                uri ->
                                        new BinanceRestBackfill(
                                                uri,
                                                out,
                                                metrics,
                                                Forwarder::nowMicros,
                                                config.limits().maxQueuedGaps(),
                                                config.limits().maxGapTrades(),
                                                weights));
        this.gapSink = backfill.map(b -> new GapDetectingSink(out, b, metrics)).orElse(null);
        this.snapshots =
                config.binanceRest()
                        .filter(uri -> subscribesDepth(config))
                        .map(
                                uri ->
                                        new DepthSnapshots(
                                                uri,
                                                weights,
                                                out,
                                                metrics,
                                                Forwarder::nowMicros,
                                                config.limits().depthSnapshotLimit(),
                                                config.limits().depthSnapshotRefresh()));
        if (snapshots.isEmpty() && subscribesDepth(config)) {
            LOG.warn(
                    "depth streams are subscribed but binance.rest.url is empty: no REST depth"
                            + " snapshot is taken, so the job's books never come in sync");
        }
        FrameSink watched = gapSink == null ? out : gapSink;
        this.feeds =
                new ReconnectingFeeds(
                        config.feeds(),
                        snapshots
                                .<FrameSink>map(
                                        d -> new DepthSequenceSink(watched, d::request, metrics))
                                .orElse(watched),
                        metrics,
                        Forwarder::nowMicros,
                        config.timings());
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
        Forwarder forwarder;
        try {
            forwarder =
                    new Forwarder(
                            config, kinesis, new SdkRecordPutter(kinesis, config.rawStream()));
            if (config.ops().isPresent()) {
                Forwarder f = forwarder;
                forwarder.ops =
                        new OpsServer(
                                config.ops().get(),
                                f::unhealthyReason,
                                f::notReadyReason,
                                new PrometheusMetrics(
                                        f.metrics, config.batcher().maxBufferedBytes()));
            }
        } catch (IOException e) {
            kinesis.close();
            throw new UncheckedIOException("forwarder could not start: " + e.getMessage(), e);
        }
        forwarder.publisher.start();
        forwarder.backfill.ifPresent(BinanceRestBackfill::start);
        forwarder.snapshots.ifPresent(DepthSnapshots::start);
        if (forwarder.router != null) {
            forwarder.upkeep.scheduleWithFixedDelay(
                    forwarder::refreshShards, 60, 60, TimeUnit.SECONDS);
        }
        forwarder.upkeep.scheduleWithFixedDelay(
                forwarder.publisher::restartIfDead, 1, 1, TimeUnit.SECONDS);
        try {
            forwarder.resume();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forwarder.feeds.start();
        LOG.info("forwarding {} to stream {}", config.feeds(), config.rawStream());
        return forwarder;
    }

    /**
     * Gives gap detection each Binance symbol's last trade id from the raw stream, so the first
     * live trade of each shows what was missed while no forwarder ran, and the backfill fetches it.
     */
    private void resume() throws InterruptedException {
        if (gapSink == null || config.limits().resumeLookback().isZero()) {
            return;
        }
        Set<String> symbols = binanceTradeSymbols(config);
        if (symbols.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Map<String, Long> last =
                new RawStreamTail(kinesis, config.rawStream())
                        .lastTradeIds(
                                symbols,
                                config.limits().resumeLookback(),
                                config.limits().resumeDeadline());
        gapSink.resumeFrom(last);
        Set<String> notFound = new TreeSet<>(symbols);
        notFound.removeAll(last.keySet());
        LOG.info(
                "resuming after the raw stream's last trade ids {} (read in {} ms); no trade within"
                        + " {} for {}",
                new TreeMap<>(last),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                config.limits().resumeLookback(),
                notFound);
    }

    /** Every feed's partition keys, feed by feed in configured order, for {@link ShardRouter}. */
    static List<String> placement(ForwarderConfig config) {
        Set<String> keys = new LinkedHashSet<>();
        for (FeedSpec spec : config.feeds()) {
            keys.addAll(spec.partitionKeys());
        }
        return List.copyOf(keys);
    }

    /** The Binance symbols whose trade stream a feed carries ({@code btcusdt@trade}). */
    static Set<String> binanceTradeSymbols(ForwarderConfig config) {
        Set<String> symbols = new TreeSet<>();
        for (FeedSpec spec : config.feeds()) {
            if (spec.venue() != Venue.BINANCE) {
                continue;
            }
            for (String stream : spec.streams()) {
                if (stream.endsWith("@trade")) {
                    symbols.add(spec.classifier().streamSymbol(stream));
                }
            }
        }
        return symbols;
    }

    private void refreshShards() {
        try {
            router.refresh();
        } catch (RuntimeException e) {
            LOG.warn("could not re-read the stream's shards: {}", e.toString());
        }
    }

    public ForwarderMetrics metrics() {
        return metrics;
    }

    public boolean connected() {
        return feeds.allOpen();
    }

    /** Whether any feed carries a Binance depth diff stream (JSON or SBE {@code @depth}). */
    static boolean subscribesDepth(ForwarderConfig config) {
        return config.feeds().stream()
                .flatMap(f -> f.streams().stream())
                .anyMatch(s -> s.contains("@depth") && !s.endsWith("@depth20"));
    }

    /** No depth snapshot waiting or being taken. */
    public boolean snapshotsIdle() {
        return snapshots.map(DepthSnapshots::idle).orElse(true);
    }

    /** No backfill waiting or running. */
    public boolean backfillIdle() {
        return backfill.map(BinanceRestBackfill::idle).orElse(true);
    }

    /**
     * Empty when every feed is connected, the publisher runs and the buffer is under 90% full; else
     * why not.
     */
    public Optional<String> notReadyReason() {
        if (!publisher.alive()) {
            return Optional.of("the Kinesis publisher thread is not running");
        }
        if (!feeds.allOpen()) {
            return Optional.of("a feed connection is not open");
        }
        if (metrics.bufferedBytes.get() > config.batcher().maxBufferedBytes() * 9 / 10) {
            return Optional.of("the buffer is over 90% full (Kinesis is not keeping up)");
        }
        return Optional.empty();
    }

    /**
     * Empty while frames reach Kinesis (or none wait); else why not: a venue refused us for good
     * (HTTP 451 or 403, {@link io.marketpipe.ingest.feed.Refusals}), nothing published for longer
     * than {@code publishStall} while frames wait, or a dead publisher thread that did not come
     * back. A container whose health fails is replaced, and the new forwarder backfills what this
     * one could not publish.
     */
    public Optional<String> unhealthyReason() {
        Optional<String> refused = metrics.refusals.any();
        if (refused.isPresent()) {
            return refused;
        }
        long stalled = publisher.sinceProgressNanos();
        if (stalled > config.limits().publishStall().toNanos()) {
            return Optional.of(
                    "nothing published to Kinesis for "
                            + TimeUnit.NANOSECONDS.toSeconds(stalled)
                            + " s while "
                            + batcher.bufferedFrames()
                            + " frames wait");
        }
        return Optional.empty();
    }

    /** The ops endpoint's port, if one is served. */
    public Optional<Integer> opsPort() {
        return Optional.ofNullable(ops).map(OpsServer::port);
    }

    /**
     * Stops the feeds and backfill, flushes every buffered frame to Kinesis, then stops publishing.
     */
    @Override
    public void close() throws InterruptedException {
        upkeep.shutdownNow();
        feeds.close();
        if (snapshots.isPresent()) {
            snapshots.get().close(); // a book the job holds waits for the next start's snapshot
        }
        Duration deadline = config.limits().flushDeadline();
        long flushBy = System.nanoTime() + deadline.toNanos();
        if (backfill.isPresent()) {
            backfill.get().finish(deadline.dividedBy(2)); // what it cannot fetch becomes markers
        }
        boolean flushed = batcher.flush(Math.max(0, flushBy - System.nanoTime()));
        if (!flushed) {
            long frames = batcher.bufferedFrames();
            metrics.unflushedFrames.add(frames);
            LOG.error(
                    "{} frames ({} bytes) were not acknowledged by Kinesis within the {} ms flush"
                            + " deadline; the next forwarder's start backfills the trades among them",
                    frames,
                    batcher.bufferedBytes(),
                    deadline.toMillis());
        }
        publisher.close();
        kinesis.close();
        if (recorder != null) {
            try {
                recorder.close();
            } catch (IOException e) {
                LOG.error("could not close the capture file", e);
            }
        }
        if (ops != null) {
            ops.close();
        }
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
