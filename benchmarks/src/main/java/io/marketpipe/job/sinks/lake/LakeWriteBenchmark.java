package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What writing one trade into the lake's Parquet {@code trades} table costs, as the replay's lake
 * writer does it: {@value #TRADES} trades over 50 symbols (prices walking, ids and times rising)
 * into one Snappy file on local disk, per invocation. It lives in the lake's package to reach the
 * job's write support, which is not public.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LakeWriteBenchmark {
    static final int TRADES = 100_000;
    private static final long T0 = 1_700_000_000_000L;

    private final ParquetWriterFactory<Trade> factory =
            new ParquetWriterFactory<>(TradeWriteSupport.BUILDER);
    private Trade[] trades;
    private java.nio.file.Path dir;
    private Path file;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lake-write-bench");
        file = new Path(dir.resolve("trades.parquet").toUri());
        String[] symbols = new String[50];
        long[] prices = new long[symbols.length];
        Random random = new Random(7);
        for (int s = 0; s < symbols.length; s++) {
            symbols[s] = "SYM" + s + "USDT";
            prices[s] = 1_000_000_000L + random.nextInt(1_000_000_000);
        }
        trades = new Trade[TRADES];
        for (int i = 0; i < TRADES; i++) {
            int s = random.nextInt(symbols.length);
            prices[s] = Math.max(1, prices[s] + random.nextInt(20_001) - 10_000);
            long time = T0 + i / 10;
            trades[i] =
                    new Trade(
                            Venue.BINANCE,
                            symbols[s],
                            3_000_000_000L + i,
                            prices[s],
                            1 + random.nextInt(500_000_000),
                            time,
                            time + 1,
                            random.nextBoolean(),
                            (time + 5) * 1_000,
                            Origin.LIVE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TRADES)
    public long writeTrades() throws IOException {
        FileSystem fs = file.getFileSystem();
        try (FSDataOutputStream stream = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<Trade> writer = factory.create(stream);
            for (Trade t : trades) {
                writer.addElement(t);
            }
            writer.finish();
            return stream.getPos();
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("trades.parquet"));
        Files.deleteIfExists(dir);
    }
}
