package io.marketpipe.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.IngestApp;
import io.marketpipe.ingest.config.IngestSettings;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.RefusingExchange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A venue that refuses us for good (HTTP 451, as Binance answers a US address, or 403): the
 * forwarder asks once, says why and how to fix it, fails {@code /health} with that, and does not
 * keep asking.
 */
class RefusedByVenueITCase {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {451, 403})
    void aRefusedHandshakeAndRestAreFatalNamedInHealthAndNeverRetried(int status) throws Exception {
        System.setProperty("aws.accessKeyId", StackConfig.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", StackConfig.SECRET_KEY);
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                RefusingExchange venue = new RefusingExchange(status)) {
            Map<String, String> env = new HashMap<>();
            env.put("MARKETPIPE_SYMBOLS", "BTCUSDT");
            env.put("MARKETPIPE_BINANCE_JSON_URL", "ws://127.0.0.1:" + venue.port());
            env.put("MARKETPIPE_BINANCE_REST_URL", "http://127.0.0.1:" + venue.port());
            env.put("MARKETPIPE_KINESIS_ENDPOINT", stack.config().kinesisEndpoint().toString());
            env.put("MARKETPIPE_KINESIS_STREAM", stack.config().rawStream());
            env.put("MARKETPIPE_OPS_PORT", "0");
            Forwarder forwarder =
                    Forwarder.start(
                            IngestApp.config(
                                    IngestSettings.load(Optional.empty(), env), Optional.empty()));
            try {
                String health = "http://127.0.0.1:" + forwarder.opsPort().orElseThrow() + "/health";
                Poll.until(
                        "health to fail",
                        Duration.ofSeconds(20),
                        () -> OpsHttp.get(health).startsWith("503"));
                String reason = OpsHttp.get(health);
                assertThat(reason)
                        .contains("127.0.0.1:" + venue.port() + " refused")
                        .contains("with HTTP " + status)
                        .contains("Fix:");
                if (status == 451) {
                    assertThat(reason).contains("ap-northeast-1");
                }
                Poll.until(
                        "the handshake's refusal",
                        Duration.ofSeconds(20),
                        () -> forwarder.metrics().disconnects.sum() >= 1);
                assertThat(forwarder.metrics().reconnects.sum())
                        .as("no reconnect is scheduled to a host that refused us")
                        .isZero();
                long asked = venue.requests();
                // the backoff would have reconnected 3 times in this second and a half
                Thread.sleep(1_500);
                assertThat(venue.requests()).as("asked again").isEqualTo(asked);
                assertThat(forwarder.metrics().reconnects.sum()).isZero();
                assertThat(forwarder.metrics().refused.sum()).isBetween(1L, 2L);
            } finally {
                forwarder.close();
            }
        }
    }
}
