package io.marketpipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

class ExchangeSimulatorTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void sameSeedProducesSameTrades() {
        List<String> a =
                take(
                        new TradeGenerator(
                                List.of("BTCUSDT", "ETHUSDT"), 7, TradeClock.stepping(T0, 10)),
                        50);
        List<String> b =
                take(
                        new TradeGenerator(
                                List.of("BTCUSDT", "ETHUSDT"), 7, TradeClock.stepping(T0, 10)),
                        50);
        List<String> c =
                take(
                        new TradeGenerator(
                                List.of("BTCUSDT", "ETHUSDT"), 8, TradeClock.stepping(T0, 10)),
                        50);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void tradeIdsCountUpPerSymbolAndPricesStayPositive() {
        TradeGenerator gen =
                new TradeGenerator(List.of("BTCUSDT", "XRPUSDT"), 1, TradeClock.stepping(T0, 1));
        long lastBtc = 0;
        for (int i = 0; i < 10_000; i++) {
            SimTrade t = gen.next();
            assertThat(t.priceUnits()).isPositive();
            assertThat(t.quantityUnits()).isPositive();
            if (t.symbol().equals("BTCUSDT")) {
                assertThat(t.tradeId()).isEqualTo(lastBtc + 1);
                lastBtc = t.tradeId();
            }
        }
    }

    @Test
    void decimalRendersEightPlacesLikeBinance() {
        assertThat(SimTrade.decimal(6_800_012_000_000L)).isEqualTo("68000.12000000");
        assertThat(SimTrade.decimal(100_000L)).isEqualTo("0.00100000");
    }

    @Test
    void combinedStreamClientReceivesEveryProducedTradeInOrder() throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT", "ETHUSDT"))
                        .tradesPerSecond(2_000)
                        .clock(TradeClock.stepping(T0, 100))
                        .maxTrades(200)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start();
                Client client = Client.connect(sim.combinedStreamUrl())) {
            List<SimTrade> produced = new CopyOnWriteArrayList<>();
            sim.onTrade(produced::add);
            sim.startTrading();

            List<String> frames = client.take(200);

            assertThat(produced).hasSize(200);
            for (int i = 0; i < 200; i++) {
                SimTrade t = produced.get(i);
                assertThat(frames.get(i))
                        .startsWith(
                                "{\"stream\":\""
                                        + t.symbol().toLowerCase()
                                        + "@trade\",\"data\":{\"e\":\"trade\"")
                        .contains("\"t\":" + t.tradeId() + ",")
                        .contains("\"p\":\"" + SimTrade.decimal(t.priceUnits()) + "\"")
                        .contains("\"T\":" + t.tradeTimeMillis() + ",");
            }
            assertThat(sim.finished()).isTrue();
        }
    }

    @Test
    void rawStreamAndLiveSubscribeAreServed() throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT", "ETHUSDT"))
                        .tradesPerSecond(1_000)
                        .maxTrades(10)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start();
                Client client =
                        Client.connect("ws://127.0.0.1:" + sim.port() + "/ws/btcusdt@trade")) {
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":3}");
            assertThat(client.take(1)).containsExactly("{\"result\":null,\"id\":3}");
            sim.startTrading();

            List<String> frames = client.take(10);
            assertThat(frames).allMatch(f -> f.startsWith("{\"e\":\"trade\""));
            assertThat(frames).anyMatch(f -> f.contains("\"s\":\"ETHUSDT\""));
        }
    }

    @Test
    void garbageFramesAreTruncatedCopiesSentAfterEveryNthTrade() throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT"))
                        .tradesPerSecond(1_000)
                        .maxTrades(10)
                        .garbageEvery(5)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start();
                Client client = Client.connect(sim.combinedStreamUrl())) {
            sim.startTrading();
            List<String> frames = client.take(12);
            assertThat(frames.get(5))
                    .isEqualTo(frames.get(4).substring(0, frames.get(4).length() / 2));
            assertThat(frames.get(11)).doesNotEndWith("}");
            assertThat(sim.garbageSent()).isEqualTo(2);
        }
    }

    private static List<String> take(TradeGenerator gen, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(gen.next().toString());
        }
        return out;
    }

    /**
     * A client may close between the producer's check that its connection is open and the send;
     * that send fails, and the trade is lost to that client only, as on a real exchange. It must
     * not end the producer: a test waiting for {@link ExchangeSimulator#finished()} would wait for
     * ever.
     */
    @Test
    void clientsClosingWhileTradesFlowDoNotStopTheProducer() throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT"))
                        .tradesPerSecond(20_000)
                        .maxTrades(40_000)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start()) {
            sim.startTrading();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int churned = 0;
            while (!sim.finished() && System.nanoTime() < deadline) {
                Client c = Client.connect(sim.combinedStreamUrl());
                c.messages.poll(5, TimeUnit.MILLISECONDS);
                if (churned++ % 2 == 0) {
                    c.close();
                } else {
                    c.closeConnection(1006, "gone");
                }
            }
            assertThat(sim.finished())
                    .as("finished after %d clients came and went", churned)
                    .isTrue();
        }
    }

    private static final class Client extends WebSocketClient implements AutoCloseable {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        Client(URI uri) {
            super(uri);
        }

        static Client connect(String url) throws InterruptedException {
            Client c = new Client(URI.create(url));
            assertThat(c.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
            return c;
        }

        List<String> take(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String m = messages.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("message %d of %d", i + 1, n).isNotNull();
                out.add(m);
            }
            return out;
        }

        @Override
        public void close() {
            super.close();
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {
            messages.add(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {}

        @Override
        public void onError(Exception ex) {}
    }
}
