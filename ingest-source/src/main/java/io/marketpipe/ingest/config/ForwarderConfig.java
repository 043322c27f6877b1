package io.marketpipe.ingest.config;

import io.marketpipe.ingest.envelope.BatcherConfig;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * What the forwarder connects to.
 *
 * @param binanceUrl base URL of Binance's JSON market streams
 * @param symbols symbols whose {@code @trade} streams to forward
 * @param rawStream the Kinesis raw stream name
 * @param region AWS region
 * @param kinesisEndpoint endpoint override (a local Kinesis); empty for AWS
 * @param credentials AWS credentials; the default chain on AWS
 * @param batcher record packing
 */
public record ForwarderConfig(
        String binanceUrl,
        List<String> symbols,
        String rawStream,
        String region,
        Optional<URI> kinesisEndpoint,
        AwsCredentialsProvider credentials,
        BatcherConfig batcher) {

    public static final String DEFAULT_BINANCE_URL = "wss://data-stream.binance.vision";

    public ForwarderConfig {
        symbols = List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
    }

    /** Forward {@code symbols} to {@code rawStream} on AWS with the default credential chain. */
    public static ForwarderConfig aws(List<String> symbols, String rawStream, String region) {
        return new ForwarderConfig(
                DEFAULT_BINANCE_URL,
                symbols,
                rawStream,
                region,
                Optional.empty(),
                DefaultCredentialsProvider.create(),
                BatcherConfig.DEFAULTS);
    }
}
