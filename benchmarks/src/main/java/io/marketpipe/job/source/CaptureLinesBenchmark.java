package io.marketpipe.job.source;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Splitting a capture into frames, per line: {@value #LINES} Binance combined-stream trade lines
 * read as the capture reader reads them ({@link ByteLines}: bytes in, bytes out) against the way it
 * read them before (characters through {@code BufferedReader.readLine}, then encoded back to the
 * bytes the decoders take). It lives in the source's package to reach {@code ByteLines}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CaptureLinesBenchmark {
    static final int LINES = 10_000;

    private byte[] capture;

    @Setup
    public void setUp() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append("{\"stream\":\"sym")
                    .append(i % 50)
                    .append("usdt@trade\",\"data\":{\"e\":\"trade\",\"E\":")
                    .append(1_700_000_000_000L + i)
                    .append(",\"s\":\"SYM")
                    .append(i % 50)
                    .append("USDT\",\"t\":")
                    .append(3_000_000_000L + i)
                    .append(",\"p\":\"27000.")
                    .append(i % 100)
                    .append("\",\"q\":\"0.0")
                    .append(i % 1000)
                    .append("\",\"T\":")
                    .append(1_700_000_000_000L + i)
                    .append(",\"m\":true,\"M\":true}}\n");
        }
        capture = text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void byteLines(Blackhole out) throws IOException {
        ByteLines lines = new ByteLines(new ByteArrayInputStream(capture), 1 << 16, 4 << 20);
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            out.consume(line);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void readLineThenEncode(Blackhole out) throws IOException {
        BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(
                                new ByteArrayInputStream(capture), StandardCharsets.UTF_8),
                        1 << 16);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            out.consume(line.getBytes(StandardCharsets.UTF_8));
        }
    }
}
