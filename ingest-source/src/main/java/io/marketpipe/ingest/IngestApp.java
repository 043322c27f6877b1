package io.marketpipe.ingest;

import io.marketpipe.ingest.config.ForwarderConfig;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the forwarder until SIGTERM/Ctrl-C, then flushes. Usage: {@code IngestApp --symbols
 * BTCUSDT,ETHUSDT --stream NAME --region REGION}.
 */
public final class IngestApp {
    private IngestApp() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> argv = Arrays.asList(args);
        List<String> symbols = List.of(option(argv, "--symbols", "BTCUSDT,ETHUSDT").split(","));
        ForwarderConfig config =
                ForwarderConfig.aws(
                        symbols,
                        option(argv, "--stream", "marketpipe-raw"),
                        option(argv, "--region", "us-east-1"));
        Forwarder forwarder = Forwarder.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        forwarder.close();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    } finally {
                                        stopped.countDown();
                                    }
                                },
                                "forwarder-shutdown"));
        stopped.await();
    }

    private static String option(List<String> argv, String name, String fallback) {
        int i = argv.indexOf(name);
        return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : fallback;
    }
}
