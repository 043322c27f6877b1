package io.marketpipe.ingest.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.ingest.Forwarder;
import io.marketpipe.ingest.IngestApp;
import io.marketpipe.ingest.config.ForwarderConfig;
import io.marketpipe.ingest.config.IngestSettings;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimFeed;
import io.marketpipe.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops endpoints, the capture file, and that secrets never leak, with canary secrets. */
class OpsAndSecretsITCase {
    private static final String CANARY_KEY = "CANARY-binance-key-7f3a9c";
    private static final String CANARY_TOKEN = "CANARY-finnhub-token-51e0b2";

    @TempDir Path dir;

    /** Everything logged anywhere, with stack traces. */
    private static final class Capture extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder line =
                    new StringBuilder(event.getLoggerName())
                            .append(' ')
                            .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            lines.add(line.toString());
        }
    }

    @Test
    void servesHealthReadyMetricsRecordsFramesAndNeverLeaksSecrets() throws Exception {
        Capture capture = new Capture();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        LoggerConfig root = cfg.getRootLogger();
        Map<String, Appender> previous = new HashMap<>(root.getAppenders());
        Level previousLevel = root.getLevel();
        capture.start();
        previous.keySet().forEach(root::removeAppender);
        root.addAppender(capture, Level.ALL, null);
        root.setLevel(Level.DEBUG);
        cfg.getLoggers().values().forEach(l -> l.setLevel(Level.DEBUG));
        ctx.updateLoggers();
        System.setProperty("aws.accessKeyId", StackConfig.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", StackConfig.SECRET_KEY);
        Path record = dir.resolve("capture.txt");
        String metrics;
        String settingsText;
        String configText;
        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                ExchangeSimulator sbe =
                        new ExchangeSimulator(
                                        SimulatorConfig.builder()
                                                .feed(SimFeed.BINANCE_SBE)
                                                .requiredApiKey(CANARY_KEY)
                                                .symbols(List.of("BTCUSDT"))
                                                .tradesPerSecond(500)
                                                .maxTrades(200)
                                                .build())
                                .start();
                ExchangeSimulator finnhub =
                        new ExchangeSimulator(
                                        SimulatorConfig.builder()
                                                .feed(SimFeed.FINNHUB)
                                                .requiredToken(CANARY_TOKEN)
                                                .symbols(List.of("AAPL"))
                                                .tradesPerSecond(500)
                                                .maxTrades(200)
                                                .build())
                                .start()) {
            Map<String, String> env = new HashMap<>();
            env.put(IngestSettings.BINANCE_KEY_ENV, CANARY_KEY);
            env.put(IngestSettings.FINNHUB_TOKEN_ENV, CANARY_TOKEN);
            env.put("MARKETPIPE_SYMBOLS", "BTCUSDT");
            env.put("MARKETPIPE_BINANCE_JSON_ENABLED", "false");
            env.put("MARKETPIPE_BINANCE_SBE_ENABLED", "true");
            env.put("MARKETPIPE_BINANCE_SBE_URL", "ws://127.0.0.1:" + sbe.port());
            env.put("MARKETPIPE_BINANCE_REST_URL", "");
            env.put("MARKETPIPE_FINNHUB_ENABLED", "true");
            env.put("MARKETPIPE_FINNHUB_URL", "ws://127.0.0.1:" + finnhub.port());
            env.put("MARKETPIPE_FINNHUB_SYMBOLS", "AAPL");
            env.put("MARKETPIPE_KINESIS_ENDPOINT", stack.config().kinesisEndpoint().toString());
            env.put("MARKETPIPE_KINESIS_STREAM", stack.config().rawStream());
            env.put("MARKETPIPE_OPS_PORT", "0");
            IngestSettings settings = IngestSettings.load(Optional.empty(), env);
            ForwarderConfig config = IngestApp.config(settings, Optional.of(record));
            settingsText = settings.toString();
            configText = config.toString();

            // a refused handshake (wrong key) puts error paths into the logs too
            try (ExchangeSimulator strict =
                    new ExchangeSimulator(
                                    SimulatorConfig.builder()
                                            .feed(SimFeed.BINANCE_SBE)
                                            .requiredApiKey("someone-else")
                                            .symbols(List.of("BTCUSDT"))
                                            .build())
                            .start()) {
                Map<String, String> wrong = new HashMap<>(env);
                wrong.put("MARKETPIPE_BINANCE_SBE_URL", "ws://127.0.0.1:" + strict.port());
                wrong.put("MARKETPIPE_FINNHUB_ENABLED", "false");
                Forwarder refused =
                        Forwarder.start(
                                IngestApp.config(
                                        IngestSettings.load(Optional.empty(), wrong),
                                        Optional.empty()));
                Poll.until(
                        "a refused attempt",
                        Duration.ofSeconds(10),
                        () -> refused.metrics().disconnects.sum() >= 1);
                refused.close();
            }

            Forwarder forwarder = Forwarder.start(config);
            try {
                Poll.until("connected", Duration.ofSeconds(10), forwarder::connected);
                Poll.until(
                        "subscribed",
                        Duration.ofSeconds(10),
                        () -> finnhub.subscribedStreams() == 1);
                sbe.startTrading();
                finnhub.startTrading();
                Poll.until(
                        "trades forwarded",
                        Duration.ofSeconds(20),
                        () -> forwarder.metrics().framesOut.sum() >= 200 + 200 / 5);
                String base = "http://127.0.0.1:" + forwarder.opsPort().orElseThrow();
                assertThat(OpsHttp.get(base + "/health")).isEqualTo("200 ok\n");
                assertThat(OpsHttp.get(base + "/ready")).isEqualTo("200 ready\n");
                metrics = OpsHttp.get(base + "/metrics");
                assertThat(metrics)
                        .startsWith("200 # HELP")
                        .contains(
                                "marketpipe_frames_received_total{feed=\"binance-sbe-0\"} 200.0\n")
                        .contains("marketpipe_frames_received_total{feed=\"finnhub\"} 40.0\n")
                        .contains("# TYPE marketpipe_kinesis_put_seconds summary")
                        .contains("marketpipe_buffer_fill_ratio ");
                finnhub.dropConnections();
                finnhub.close();
                Poll.until(
                        "not ready",
                        Duration.ofSeconds(10),
                        () -> OpsHttp.get(base + "/ready").startsWith("503 not ready: a feed"));
            } finally {
                forwarder.close();
            }
        } finally {
            root.removeAppender("capture");
            previous.values().forEach(a -> root.addAppender(a, null, null));
            root.setLevel(previousLevel);
            ctx.updateLoggers();
        }

        List<String> captured = Files.readAllLines(record, UTF_8);
        assertThat(captured).filteredOn(l -> l.startsWith("BINANCE\tSBE\tLIVE\t")).hasSize(200);
        assertThat(captured)
                .filteredOn(l -> l.startsWith("FINNHUB\tJSON\tLIVE\t"))
                .allMatch(l -> l.endsWith("\"type\":\"trade\"}"));
        assertThat(capture.lines).as("something was captured at DEBUG").hasSizeGreaterThan(50);
        for (String canary : List.of(CANARY_KEY, CANARY_TOKEN)) {
            assertThat(capture.lines).as("logs").noneMatch(l -> l.contains(canary));
            assertThat(metrics).doesNotContain(canary);
            assertThat(settingsText).doesNotContain(canary);
            assertThat(configText).doesNotContain(canary);
            assertThat(captured).noneMatch(l -> l.contains(canary));
        }
    }
}
