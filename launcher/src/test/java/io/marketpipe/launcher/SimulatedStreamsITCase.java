package io.marketpipe.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.book.BookState;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.localstack.Poll;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimFeed;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The simulator's other streams over a real socket, read as the job reads them: its SBE depth diffs
 * (10003) and REST snapshot keep a book in sync that ends as the simulator's own, with every
 * depth20 (10002) and best bid/ask (10001) that meets the book at its update id equal to it; and
 * its JSON aggTrades stand for every trade exactly once.
 */
class SimulatedStreamsITCase {
    private static final String SYMBOL = "BTCUSDT";

    /** Frames in arrival order: binary as SBE, text as JSON. */
    private final List<RawFrame> frames = new CopyOnWriteArrayList<>();

    private final FrameDecoder decoder = new FrameDecoder();

    private WebSocket connect(ExchangeSimulator sim, String streams) {
        WebSocket.Listener listener =
                new WebSocket.Listener() {
                    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onBinary(
                            WebSocket ws, ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        binary.writeBytes(b);
                        if (last) {
                            add(Encoding.SBE, binary.toByteArray());
                            binary.reset();
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onText(
                            WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            add(Encoding.JSON, text.toString().getBytes(UTF_8));
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                };
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + sim.port() + "/stream?streams=" + streams),
                        listener)
                .join();
    }

    private void add(Encoding encoding, byte[] payload) {
        frames.add(
                new RawFrame(
                        Venue.BINANCE,
                        encoding,
                        Origin.LIVE,
                        1,
                        frames.size() + 1,
                        System.currentTimeMillis() * 1_000,
                        payload));
    }

    private List<MarketEvent> decodeAll() {
        List<MarketEvent> events = new ArrayList<>();
        for (RawFrame f : frames) {
            decoder.decode(f, events::add);
        }
        return events;
    }

    /** The last update id of the newest book update of {@code kind} received, or -1. */
    private long lastUpdateId(BookUpdate.Kind kind) {
        FrameDecoder d = new FrameDecoder();
        long[] id = {-1};
        for (int i = frames.size() - 1; i >= 0 && id[0] < 0; i--) {
            d.decode(
                    frames.get(i),
                    e -> {
                        if (e.kind == MarketEvent.Kind.BOOK && e.book.kind == kind) {
                            id[0] = e.book.lastUpdateId;
                        }
                    });
        }
        return id[0];
    }

    @Test
    void sbeDiffsAndASnapshotKeepABookThatEndsAsTheSimulatorsWithDepth20AndBestBidAskAgreeing()
            throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .feed(SimFeed.BINANCE_SBE)
                        .symbols(List.of(SYMBOL))
                        .tradesPerSecond(1_000)
                        .maxTrades(2_000)
                        .restPort(0)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start()) {
            WebSocket ws =
                    connect(sim, "btcusdt@trade/btcusdt@depth/btcusdt@depth20/btcusdt@bestBidAsk");
            try {
                // trading holds at its 600th trade until the snapshot is taken, so the snapshot
                // lies within the run however busy the machine is
                CountDownLatch snapshotTaken = new CountDownLatch(1);
                AtomicInteger produced = new AtomicInteger();
                sim.onTrade(
                        t -> {
                            if (produced.incrementAndGet() == 600) {
                                try {
                                    snapshotTaken.await(60, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        });
                sim.startTrading();
                Poll.until(
                        "trading to hold for the snapshot",
                        Duration.ofSeconds(30),
                        () -> produced.get() >= 600);
                // the snapshot taken while diffs arrive, in the line the forwarder writes for it
                String body =
                        HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                sim.restUrl()
                                                                        + "/api/v3/depth?symbol="
                                                                        + SYMBOL
                                                                        + "&limit=1000"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                add(
                        Encoding.JSON,
                        ("{\"symbol\":\"" + SYMBOL + "\",\"limit\":1000,\"snapshot\":" + body + "}")
                                .getBytes(UTF_8));
                snapshotTaken.countDown();
                Poll.until("the simulator to finish", Duration.ofSeconds(60), sim::finished);
                // the last trade may still be reaching the book as the simulator says it is done
                Poll.until(
                        "the last diff",
                        Duration.ofSeconds(10),
                        () -> lastUpdateId(BookUpdate.Kind.DIFF) == sim.topOfBook(SYMBOL)[0]);
                long last = sim.topOfBook(SYMBOL)[0];
                // depth20 keeps coming while the book rests: one at the last id meets the book
                // there, however few met it while trades ran on a busy machine
                Poll.until(
                        "a depth20 at the last id",
                        Duration.ofSeconds(10),
                        () -> lastUpdateId(BookUpdate.Kind.TOP20) == last);
            } finally {
                ws.abort();
            }

            BookSync sync = new BookSync(5_000, 10_000, 5);
            RecordedBookEvents out = new RecordedBookEvents();
            BookState book = null;
            long trades = 0;
            for (MarketEvent e : decodeAll()) {
                assertThat(e.kind)
                        .as("nothing quarantined")
                        .isNotEqualTo(MarketEvent.Kind.QUARANTINED);
                if (e.kind == MarketEvent.Kind.TRADE) {
                    trades++;
                } else if (e.kind == MarketEvent.Kind.BOOK) {
                    if (book == null) {
                        book = sync.newBook(e.book);
                    }
                    sync.apply(book, e.book, out);
                } else if (e.kind == MarketEvent.Kind.QUOTE && book != null) {
                    sync.quote(book, e.quote, out);
                }
            }

            assertThat(trades).isEqualTo(2_000);
            assertThat(out.gaps).isEmpty();
            assertThat(book.inSync).isTrue();
            long[] truth = sim.topOfBook(SYMBOL);
            BookTop top = out.tops.get(out.tops.size() - 1);
            assertThat(
                            new long[] {
                                top.updateId,
                                top.bidPrice,
                                top.bidQuantity,
                                top.askPrice,
                                top.askQuantity
                            })
                    .containsExactly(truth);
            assertThat(out.count(BookSync.Outcome.SNAPSHOT_APPLIED)).isEqualTo(1);
            assertThat(out.count(BookSync.Outcome.DIFF_APPLIED)).isPositive();
            assertThat(out.count(BookSync.Outcome.TOP20_MATCHED))
                    .as("depth20 frames that met the book at its id")
                    .isPositive();
            assertThat(out.count(BookSync.Outcome.TOP20_MISMATCHED)).isZero();
            assertThat(out.count(BookSync.Outcome.QUOTE_MATCHED)).isPositive();
            assertThat(out.count(BookSync.Outcome.QUOTE_MISMATCHED)).isZero();
        }
    }

    @Test
    void jsonAggTradesStandForEveryTradeExactlyOnce() throws Exception {
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of(SYMBOL))
                        .tradesPerSecond(2_000)
                        .maxTrades(3_000)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start()) {
            sim.onTrade(produced::add);
            WebSocket ws = connect(sim, "btcusdt@aggTrade");
            try {
                sim.startTrading();
                Poll.until("the simulator to finish", Duration.ofSeconds(60), sim::finished);
                Poll.until(
                        "the last aggregate",
                        Duration.ofSeconds(10),
                        () ->
                                !frames.isEmpty()
                                        && new String(frames.get(frames.size() - 1).payload, UTF_8)
                                                .contains(
                                                        "\"l\":"
                                                                + produced.get(produced.size() - 1)
                                                                        .tradeId()
                                                                + ","));
            } finally {
                ws.abort();
            }
        }
        List<AggTrade> aggregates = new ArrayList<>();
        for (MarketEvent e : decodeAll()) {
            assertThat(e.kind).isEqualTo(MarketEvent.Kind.AGG_TRADE);
            aggregates.add(e.aggTrade);
        }
        int next = 0;
        for (int i = 0; i < aggregates.size(); i++) {
            AggTrade a = aggregates.get(i);
            assertThat(a.aggregateId).isEqualTo(i + 1);
            long quantity = 0;
            for (long id = a.firstTradeId; id <= a.lastTradeId; id++) {
                SimTrade t = produced.get(next++);
                assertThat(t.tradeId()).as("ids in order, none twice, none missing").isEqualTo(id);
                assertThat(t.priceUnits()).isEqualTo(a.price);
                assertThat(t.buyerIsMaker()).isEqualTo(a.buyerIsMaker);
                assertThat(t.tradeTimeMillis()).isEqualTo(a.tradeTime);
                quantity += t.quantityUnits();
            }
            assertThat(a.quantity).as("summed exactly").isEqualTo(quantity);
        }
        assertThat(next).isEqualTo(3_000);
    }
}
