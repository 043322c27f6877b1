package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.Pipeline;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.sinks.PipelineSinks;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * {@code source / market-streams}: a stream left out gets no operators, and a frame of it is
 * quarantined STREAM_OFF, never dropped.
 */
class MarketStreamsTest {
    private static final long T0 = 1_700_000_000_000L;

    private static final String DIFF =
            "{\"e\":\"depthUpdate\",\"E\":"
                    + T0
                    + ",\"s\":\"BNBBTC\",\"U\":157,\"u\":160,"
                    + "\"b\":[[\"0.0024\",\"10\"]],\"a\":[[\"0.0026\",\"100\"]]}";

    private static final String TRADE =
            "{\"e\":\"trade\",\"E\":"
                    + T0
                    + ",\"s\":\"BNBBTC\",\"t\":12,\"p\":\"0.0025\",\"q\":\"1\",\"T\":"
                    + T0
                    + ",\"m\":true,\"M\":true}";

    private static List<MarketEvent> decoded(String... frames) {
        List<MarketEvent> events = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder();
        int seq = 0;
        for (String f : frames) {
            RawFrame frame =
                    new RawFrame(
                            Venue.BINANCE,
                            Encoding.JSON,
                            Origin.LIVE,
                            1,
                            ++seq,
                            (T0 + 100) * 1_000,
                            f.getBytes(UTF_8));
            decoder.decode(frame, events::add);
        }
        return events;
    }

    private static JobConfig config(String streams) {
        Properties source = new Properties();
        source.setProperty("kinesis.stream.arn", "arn:aws:kinesis:ap-northeast-1:1:stream/raw");
        if (streams != null) {
            source.setProperty("market-streams", streams);
        }
        return JobConfig.fromPropertyGroups(Map.of(JobConfig.SOURCE, source));
    }

    @Test
    void aFrameOfAStreamLeftOutIsQuarantinedStreamOffAndTradesGoOn() throws Exception {
        JobConfig tradesOnly = config("");
        try (OneInputStreamOperatorTestHarness<MarketEvent, RoutedTrade> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new DecodedEventRouter(
                                1_000, DecodedEventRouter.offFor(tradesOnly.marketStreams())))) {
            for (MarketEvent e : decoded(DIFF, TRADE)) {
                harness.processElement(e, T0);
            }
            assertThat(harness.extractOutputValues())
                    .extracting(r -> r.trade.tradeId)
                    .containsExactly(12L);
            List<Quarantined> q = new ArrayList<>();
            harness.getSideOutput(DecodedEventRouter.QUARANTINE).forEach(r -> q.add(r.getValue()));
            assertThat(q).hasSize(1);
            assertThat(q.get(0).reason).isEqualTo(ReasonCode.STREAM_OFF);
            assertThat(q.get(0).detail).contains("depth");
            assertThat(harness.getSideOutput(DecodedEventRouter.BOOKS)).isNull();
        }
        try (OneInputStreamOperatorTestHarness<MarketEvent, RoutedTrade> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new DecodedEventRouter(
                                1_000, DecodedEventRouter.offFor(config(null).marketStreams())))) {
            for (MarketEvent e : decoded(DIFF)) {
                harness.processElement(e, T0);
            }
            assertThat(harness.getSideOutput(DecodedEventRouter.BOOKS)).hasSize(1);
            assertThat(harness.getSideOutput(DecodedEventRouter.QUARANTINE)).isNull();
        }
    }

    private static Set<String> operators(JobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PipelineSinks none =
                (PipelineSinks)
                        Proxy.newProxyInstance(
                                PipelineSinks.class.getClassLoader(),
                                new Class<?>[] {PipelineSinks.class},
                                (proxy, method, args) -> Optional.empty());
        Pipeline.build(
                env.fromCollection(
                        List.of(MarketEvent.control()), TypeInformation.of(MarketEvent.class)),
                config,
                none);
        Set<String> names = new TreeSet<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            names.add(node.getOperatorName());
        }
        return names;
    }

    @Test
    void aStreamLeftOutHasNoOperators() {
        assertThat(operators(config(null)))
                .contains("books", "bars_1m-book", "reconcile-1m", "dedupe");
        Set<String> tradesOnly = operators(config(""));
        assertThat(tradesOnly).contains("dedupe", "bars_1m");
        assertThat(tradesOnly).noneMatch(n -> n.contains("book") || n.contains("reconcile"));
        assertThat(operators(config("kline"))).contains("reconcile-1m").doesNotContain("books");
        // Managed Flink takes no empty property value: "none" says the same
        assertThat(config("none").marketStreams()).isEmpty();
    }

    @Test
    void anUnknownStreamFailsAtStartNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config("depth,trades"))
                .hasMessageContaining("market-streams")
                .hasMessageContaining("trades");
    }
}
