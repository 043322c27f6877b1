package io.marketpipe.bench;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.envelope.BatcherConfig;
import io.marketpipe.ingest.envelope.FrameBatcher;
import io.marketpipe.ingest.envelope.SealedRecord;
import io.marketpipe.ingest.kinesis.KinesisPublisher;
import io.marketpipe.ingest.kinesis.RecordPutter;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The forwarding path without the network: frames (real Binance trade JSON, ~170 bytes) into the
 * batcher on the benchmark thread, sealed records taken by the real publisher thread and "put" by a
 * fake that accepts everything at once. Throughput is frames per second through both threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchingBenchmark {
    private static final int BATCH = 1_000;

    @Param({"3", "50"})
    int symbols;

    private FrameBatcher batcher;
    private KinesisPublisher publisher;
    private final LongAdder recordsPut = new LongAdder();
    private final LongAdder framesPut = new LongAdder();
    private String[] keys;
    private byte[][] frames;
    private long sequence;

    @Setup(Level.Trial)
    public void start() {
        ForwarderMetrics metrics = new ForwarderMetrics();
        batcher =
                new FrameBatcher(
                        new BatcherConfig(64 * 1024, Duration.ofMillis(50), 64L << 20),
                        metrics,
                        System::nanoTime);
        RecordPutter fake =
                records -> {
                    recordsPut.add(records.size());
                    List<String> ok = new ArrayList<>(records.size());
                    for (SealedRecord r : records) {
                        framesPut.add(r.frameCount());
                        ok.add(null);
                    }
                    return ok;
                };
        publisher =
                new KinesisPublisher(
                                batcher, fake, metrics, Duration.ofMillis(1), Duration.ofMillis(10))
                        .start();
        keys = new String[symbols];
        frames = new byte[symbols][];
        for (int s = 0; s < symbols; s++) {
            String symbol = "SYM" + s + "USDT";
            keys[s] = "BINANCE:" + symbol;
            frames[s] =
                    ("{\"stream\":\""
                                    + symbol.toLowerCase()
                                    + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1732240000123,\"s\":\""
                                    + symbol
                                    + "\",\"t\":4123456789,\"p\":\"68000.12000000\",\"q\":\"0.00150000\",\"T\":1732240000122,"
                                    + "\"m\":true,\"M\":true}}")
                            .getBytes(StandardCharsets.UTF_8);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (!batcher.flush(TimeUnit.SECONDS.toNanos(30))) {
            throw new IllegalStateException("the publisher did not drain the batcher");
        }
        publisher.close();
        if (framesPut.sum() != sequence) {
            throw new IllegalStateException(
                    sequence + " frames accepted but " + framesPut.sum() + " put");
        }
        System.out.printf(
                "%n%,d frames in %,d records (%.0f frames/record)%n",
                sequence, recordsPut.sum(), (double) sequence / recordsPut.sum());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long forwardFrames() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            int s = (int) (sequence % symbols);
            batcher.accept(
                    keys[s],
                    Venue.BINANCE,
                    Encoding.JSON,
                    Origin.LIVE,
                    1,
                    ++sequence,
                    sequence,
                    frames[s]);
        }
        return sequence;
    }
}
