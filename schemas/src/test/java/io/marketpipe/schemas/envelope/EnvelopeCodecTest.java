package io.marketpipe.schemas.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private static final byte[] TRADE = "{\"e\":\"trade\",\"s\":\"BTCUSDT\"}".getBytes(UTF_8);
    private static final byte[] SBE = {1, 2, 3, 4, 5, 0, (byte) 0xFF};

    @Test
    void roundTripsFramesByteExactInOrder() throws Exception {
        EnvelopeWriter writer = new EnvelopeWriter(16);
        writer.append(
                Venue.BINANCE,
                Encoding.JSON,
                Origin.LIVE,
                7,
                1,
                1_700_000_000_000_001L,
                TRADE,
                0,
                TRADE.length);
        writer.append(
                Venue.BINANCE,
                Encoding.SBE,
                Origin.BACKFILL,
                0xFFFF_FFFFL,
                2,
                42,
                SBE,
                0,
                SBE.length);
        byte[] record = writer.toByteArray();

        List<String> seen = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        int count =
                EnvelopeReader.read(
                        record,
                        (venue, encoding, origin, conn, seq, micros, buf, off, len) -> {
                            seen.add(
                                    venue + "/" + encoding + "/" + origin + "/" + conn + "/" + seq
                                            + "/" + micros);
                            payloads.add(Arrays.copyOfRange(buf, off, off + len));
                        });

        assertThat(count).isEqualTo(2);
        assertThat(record.length).isEqualTo(writer.size());
        assertThat(seen)
                .containsExactly(
                        "BINANCE/JSON/LIVE/7/1/1700000000000001",
                        "BINANCE/SBE/BACKFILL/4294967295/2/42");
        assertThat(payloads.get(0)).isEqualTo(TRADE);
        assertThat(payloads.get(1)).isEqualTo(SBE);
        assertThat(EnvelopeReader.looksLikeEnvelope(record)).isTrue();
    }

    @Test
    void resetStartsAnEmptyRecordAndKeepsWorking() throws Exception {
        EnvelopeWriter writer = new EnvelopeWriter(16);
        writer.append(Venue.FINNHUB, Encoding.JSON, Origin.LIVE, 1, 1, 1, TRADE, 0, TRADE.length);
        writer.reset();
        assertThat(writer.isEmpty()).isTrue();
        assertThat(EnvelopeReader.read(writer.toByteArray(), (a, b, c, d, e, f, g, h, i) -> {}))
                .isZero();
    }

    @Test
    void decodedIsNoWireEncodingAndNoByteReadsAsIt() {
        EnvelopeWriter writer = new EnvelopeWriter(16);
        assertThatThrownBy(
                        () ->
                                writer.append(
                                        Venue.BINANCE,
                                        Encoding.DECODED,
                                        Origin.LIVE,
                                        1,
                                        1,
                                        1,
                                        TRADE,
                                        0,
                                        TRADE.length))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.isEmpty()).isTrue();
        for (int code = Byte.MIN_VALUE; code <= Byte.MAX_VALUE; code++) {
            assertThat(Encoding.ofCode((byte) code)).isNotEqualTo(Encoding.DECODED);
        }
    }

    @Test
    void rejectsTruncatedRecordWithoutVisitingAnyFrame() {
        EnvelopeWriter writer = new EnvelopeWriter(16);
        writer.append(Venue.BINANCE, Encoding.JSON, Origin.LIVE, 1, 1, 1, TRADE, 0, TRADE.length);
        writer.append(Venue.BINANCE, Encoding.JSON, Origin.LIVE, 1, 2, 1, TRADE, 0, TRADE.length);
        byte[] record = writer.toByteArray();
        byte[] truncated = Arrays.copyOf(record, record.length - 3);
        List<Long> visited = new ArrayList<>();

        assertThatThrownBy(
                        () ->
                                EnvelopeReader.read(
                                        truncated,
                                        (a, b, c, d, seq, f, g, h, i) -> visited.add(seq)))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("truncated");
        assertThat(visited).isEmpty();
    }

    @Test
    void rejectsRawJsonThatIsNotAnEnvelope() {
        assertThat(EnvelopeReader.looksLikeEnvelope(TRADE)).isFalse();
        assertThatThrownBy(() -> EnvelopeReader.read(TRADE, (a, b, c, d, e, f, g, h, i) -> {}))
                .isInstanceOf(EnvelopeException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void rejectsTrailingBytesAndUnknownVersion() {
        EnvelopeWriter writer = new EnvelopeWriter(16);
        writer.append(Venue.BINANCE, Encoding.JSON, Origin.LIVE, 1, 1, 1, TRADE, 0, TRADE.length);
        byte[] record = writer.toByteArray();
        byte[] trailing = Arrays.copyOf(record, record.length + 1);
        assertThatThrownBy(() -> EnvelopeReader.read(trailing, (a, b, c, d, e, f, g, h, i) -> {}))
                .hasMessageContaining("trailing");
        record[2] = 9;
        assertThatThrownBy(() -> EnvelopeReader.read(record, (a, b, c, d, e, f, g, h, i) -> {}))
                .hasMessageContaining("version 9");
    }

    @Test
    void skipsFrameHeaderFieldsAddedByALaterWriter() throws Exception {
        int extra = 4;
        int headerLength = EnvelopeFormat.FRAME_HEADER_LENGTH + extra;
        ByteBuffer buf =
                ByteBuffer.allocate(
                                EnvelopeFormat.RECORD_HEADER_LENGTH + headerLength + TRADE.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort(EnvelopeFormat.MAGIC).put(EnvelopeFormat.VERSION).put((byte) 0);
        buf.putShort((short) 1).putShort((short) headerLength);
        buf.put(Venue.BINANCE.code())
                .put(Encoding.JSON.code())
                .put(Origin.LIVE.code())
                .put((byte) 0);
        buf.putInt(3).putLong(5).putLong(11).putInt(TRADE.length).putInt(0xCAFE).put(TRADE);

        List<byte[]> payloads = new ArrayList<>();
        EnvelopeReader.read(
                buf.array(),
                (a, b, c, d, e, f, bytes, off, len) ->
                        payloads.add(Arrays.copyOfRange(bytes, off, off + len)));

        assertThat(payloads).hasSize(1);
        assertThat(payloads.get(0)).isEqualTo(TRADE);
    }
}
