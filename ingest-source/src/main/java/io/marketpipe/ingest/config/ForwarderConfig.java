package io.marketpipe.ingest.config;

import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.feed.FeedSpec;
import io.marketpipe.ingest.feed.FeedTimings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What the forwarder connects to.
 *
 * @param feeds the WebSocket connections to keep open
 * @param rawStream the Kinesis raw stream name
 * @param region AWS region
 * @param kinesisEndpoint endpoint override (a local Kinesis); empty for AWS
 * @param credentials AWS credentials; the default chain on AWS
 * @param batcher record packing
 * @param timings watchdog and rotation
 * @param binanceRest Binance REST base URL for gap backfill; empty = no backfill
 * @param recordFile capture every forwarded frame to this file ({@code --record})
 * @param ops where to serve /health, /ready and /metrics; empty = not served
 * @param limits shutdown, backfill, resume and health bounds
 */
public record ForwarderConfig(
        List<FeedSpec> feeds,
        String rawStream,
        String region,
        Optional<URI> kinesisEndpoint,
        AwsCredentialsProvider credentials,
        BatcherConfig batcher,
        FeedTimings timings,
        Optional<URI> binanceRest,
        Optional<Path> recordFile,
        Optional<InetSocketAddress> ops,
        ForwarderLimits limits) {

    public ForwarderConfig {
        feeds = List.copyOf(feeds);
        if (feeds.isEmpty()) {
            throw new IllegalArgumentException("at least one feed is needed");
        }
    }

    /** With {@link ForwarderLimits#DEFAULTS}. */
    public ForwarderConfig(
            List<FeedSpec> feeds,
            String rawStream,
            String region,
            Optional<URI> kinesisEndpoint,
            AwsCredentialsProvider credentials,
            BatcherConfig batcher,
            FeedTimings timings,
            Optional<URI> binanceRest,
            Optional<Path> recordFile,
            Optional<InetSocketAddress> ops) {
        this(
                feeds,
                rawStream,
                region,
                kinesisEndpoint,
                credentials,
                batcher,
                timings,
                binanceRest,
                recordFile,
                ops,
                ForwarderLimits.DEFAULTS);
    }

    /** With {@link FeedTimings#DEFAULTS}, no backfill, no capture file, no ops endpoint. */
    public ForwarderConfig(
            List<FeedSpec> feeds,
            String rawStream,
            String region,
            Optional<URI> kinesisEndpoint,
            AwsCredentialsProvider credentials,
            BatcherConfig batcher) {
        this(
                feeds,
                rawStream,
                region,
                kinesisEndpoint,
                credentials,
                batcher,
                FeedTimings.DEFAULTS,
                Optional.empty());
    }

    /** With backfill from {@code binanceRest}, no capture file and no ops endpoint. */
    public ForwarderConfig(
            List<FeedSpec> feeds,
            String rawStream,
            String region,
            Optional<URI> kinesisEndpoint,
            AwsCredentialsProvider credentials,
            BatcherConfig batcher,
            FeedTimings timings,
            Optional<URI> binanceRest) {
        this(
                feeds,
                rawStream,
                region,
                kinesisEndpoint,
                credentials,
                batcher,
                timings,
                binanceRest,
                Optional.empty(),
                Optional.empty());
    }
}
