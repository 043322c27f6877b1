package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.ReasonCode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLinesTest {
    private static final String[] PIECES = {
        "{\"e\":\"trade\"}", "a", "", "é", "€", "𝄞", "\n", "\r", "\r\n", "\n\n", "\r\r", " ", "\t"
    };

    private static List<String> viaBufferedReader(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> viaByteLines(byte[] bytes, int bufferSize, int maxLine)
            throws IOException {
        List<String> lines = new ArrayList<>();
        ByteLines r = new ByteLines(new ByteArrayInputStream(bytes), bufferSize, maxLine);
        for (byte[] line = r.next(); line != null; line = r.next()) {
            assertThat(r.truncated()).isFalse();
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void splitsWhereBufferedReaderSplitsForAnyTextAndBufferSize() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(30);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int bufferSize = 1 + random.nextInt(16);
            assertThat(viaByteLines(bytes, bufferSize, 1 << 20))
                    .as("%s with a %d-byte buffer", text, bufferSize)
                    .isEqualTo(viaBufferedReader(text.toString()));
        }
    }

    @Test
    void cutsALineLongerThanTheLimitAndGoesOnWithTheNext() throws IOException {
        String longLine = "x".repeat(1_000);
        byte[] bytes = ("short\n" + longLine + "\r\nnext").getBytes(StandardCharsets.UTF_8);
        ByteLines r = new ByteLines(new ByteArrayInputStream(bytes), 64, 100);

        assertThat(new String(r.next(), StandardCharsets.UTF_8)).isEqualTo("short");
        assertThat(r.truncated()).isFalse();
        byte[] cut = r.next();
        assertThat(cut).hasSize(100);
        assertThat(r.truncated()).isTrue();
        assertThat(r.skipped()).isEqualTo(900);
        assertThat(new String(r.next(), StandardCharsets.UTF_8)).isEqualTo("next");
        assertThat(r.truncated()).isFalse();
        assertThat(r.next()).isNull();
    }

    @Test
    void readsAStreamThatReturnsFewBytesAtATime() throws IOException {
        byte[] bytes = "one\ntwo\r\nthree".getBytes(StandardCharsets.UTF_8);
        InputStream trickle =
                new ByteArrayInputStream(bytes) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, 2));
                    }
                };
        ByteLines r = new ByteLines(trickle, 1 << 16, 1 << 20);
        List<String> lines = new ArrayList<>();
        for (byte[] line = r.next(); line != null; line = r.next()) {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        assertThat(lines).containsExactly("one", "two", "three");
    }

    /** The capture reader quarantines a line over its limit, cut, and reads the next one. */
    @Test
    void theCaptureReaderQuarantinesAnOverlongLineAndGoesOn(@TempDir Path dir) throws IOException {
        String trade =
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1700000000123,"
                        + "\"s\":\"BTCUSDT\",\"t\":12345,\"p\":\"27000.10\",\"q\":\"0.5\","
                        + "\"T\":1700000000120,\"m\":true,\"M\":true}}";
        Path file = dir.resolve("capture.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[CaptureFormat.MAX_LINE_BYTES + 10]);
            out.write('\n');
            out.write(trade.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        List<MarketEvent> events = new ArrayList<>();
        try (FSDataInputStream in = path.getFileSystem().open(path);
                StreamFormat.Reader<MarketEvent> reader =
                        new CaptureFormat(CaptureLine.Format.BINANCE)
                                .createReader(new Configuration(), in)) {
            for (MarketEvent e = reader.read(); e != null; e = reader.read()) {
                events.add(e);
            }
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0).quarantined.reason).isEqualTo(ReasonCode.MALFORMED);
        assertThat(events.get(0).quarantined.detail)
                .contains(
                        "line 1 is longer than "
                                + CaptureFormat.MAX_LINE_BYTES
                                + " bytes (10 more");
        assertThat(events.get(1).trade.tradeId).isEqualTo(12345);
    }
}
