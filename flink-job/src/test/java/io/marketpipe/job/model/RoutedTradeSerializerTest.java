package io.marketpipe.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RoutedTradeSerializerTest {
    private final TypeSerializer<RoutedTrade> serializer = new RoutedTradeSerializer();

    private static Trade trade(Venue venue, String symbol, long id) {
        return new Trade(
                venue,
                symbol,
                id,
                6_500_012_345_678L,
                12_345,
                1_700_000_000_123L,
                1_700_000_000_124L,
                true,
                1_700_000_000_125_001L,
                Origin.BACKFILL);
    }

    private RoutedTrade roundTrip(RoutedTrade in) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(in, out);
        DataInputDeserializer input = new DataInputDeserializer(out.getCopyOfBuffer());
        RoutedTrade back = serializer.deserialize(input);
        assertThat(input.available()).as("every byte read").isZero();
        return back;
    }

    @Test
    void everyFieldOfTheTradeAndItsFrameSurvives() throws IOException {
        RawFrame frame =
                new RawFrame(
                        Venue.BINANCE,
                        Encoding.SBE,
                        Origin.LIVE,
                        7,
                        42,
                        1_700_000_000_000_001L,
                        new byte[] {1, 2, 3, -1});
        frame.unreadable = "nö";
        frame.receiveTimeIsReadTime = true;
        RoutedTrade back =
                roundTrip(new RoutedTrade(trade(Venue.FINNHUB, "BINANCE:BTCUSDT", 9), frame));

        assertThat(back.trade).isEqualTo(trade(Venue.FINNHUB, "BINANCE:BTCUSDT", 9));
        assertThat(back.trade.origin).isEqualTo(Origin.BACKFILL);
        assertThat(back.lateFrame).usingRecursiveComparison().isEqualTo(frame);
    }

    @Test
    void nullsSurvive() throws IOException {
        Trade bare = new Trade();
        RoutedTrade back = roundTrip(new RoutedTrade(bare, new RawFrame()));
        assertThat(back.trade).usingRecursiveComparison().isEqualTo(bare);
        assertThat(back.lateFrame).usingRecursiveComparison().isEqualTo(new RawFrame());
        assertThat(roundTrip(new RoutedTrade(null, null)))
                .usingRecursiveComparison()
                .isEqualTo(new RoutedTrade(null, null));
    }

    @Test
    void tradesOfOneInstrumentShareItsStringsAndVenuesKeepThemApart() throws IOException {
        RoutedTrade a = roundTrip(new RoutedTrade(trade(Venue.BINANCE, "ETHUSDT", 1), null));
        RoutedTrade b = roundTrip(new RoutedTrade(trade(Venue.BINANCE, "ETHUSDT", 2), null));
        RoutedTrade other = roundTrip(new RoutedTrade(trade(Venue.FINNHUB, "ETHUSDT", 3), null));

        assertThat(b.trade.symbol).isSameAs(a.trade.symbol);
        assertThat(b.trade.instrument())
                .isEqualTo("BINANCE:ETHUSDT")
                .isSameAs(a.trade.instrument());
        assertThat(other.trade.instrument()).isEqualTo("FINNHUB:ETHUSDT");
        assertThat(b.lateFrame).isNull();
    }

    @Test
    void manySymbolsAndLongOnesStillComeBackRight() throws IOException {
        for (int i = 0; i < 5_000; i++) {
            String symbol = "S" + i + "USDT";
            assertThat(
                            roundTrip(new RoutedTrade(trade(Venue.BINANCE, symbol, i), null))
                                    .trade
                                    .instrument())
                    .isEqualTo("BINANCE:" + symbol);
        }
        String longSymbol = "X".repeat(100);
        assertThat(
                        roundTrip(new RoutedTrade(trade(Venue.BINANCE, longSymbol, 1), null))
                                .trade
                                .symbol)
                .isEqualTo(longSymbol);
        String unicode = new String("Ä€".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(roundTrip(new RoutedTrade(trade(Venue.BINANCE, unicode, 1), null)).trade.symbol)
                .isEqualTo(unicode);
    }

    @Test
    void anUnknownConstantIsAnErrorNotAWrongValue() {
        byte[] bytes = {1, 99};
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no constant 99");
    }

    @Test
    void copiesAreDeepAndTheSnapshotRestoresTheSameSerializer() {
        RawFrame frame =
                new RawFrame(Venue.BINANCE, Encoding.JSON, Origin.LIVE, 1, 2, 3, new byte[] {5});
        RoutedTrade in = new RoutedTrade(trade(Venue.BINANCE, "BTCUSDT", 1), frame);
        RoutedTrade copy = serializer.copy(in);
        assertThat(copy.trade).isEqualTo(in.trade).isNotSameAs(in.trade);
        assertThat(copy.lateFrame.payload).isEqualTo(frame.payload).isNotSameAs(frame.payload);
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    @Test
    void flinkFindsItThroughTheAnnotation() {
        TypeInformation<RoutedTrade> type = TypeInformation.of(RoutedTrade.class);
        assertThat(type).isInstanceOf(RoutedTradeTypeInfo.class);
        assertThat(type.createSerializer(new ExecutionConfig()))
                .isInstanceOf(RoutedTradeSerializer.class);
    }
}
