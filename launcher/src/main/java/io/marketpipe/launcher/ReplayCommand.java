package io.marketpipe.launcher;

import io.marketpipe.job.book.BookFunction;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.reconcile.ReconcileFunction;
import io.marketpipe.job.sinks.SinkGuard;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.StackConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ./pipeline replay}: a capture through the job's topology, bounded; prints the accounting.
 */
final class ReplayCommand {
    static final String USAGE =
            "replay --source binance|sbe|finnhub|recorded --input FILE --lake DIR [--dynamodb] [--intervals 1m,5m]";

    private final PrintStream out;

    ReplayCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws Exception {
        Args args =
                new Args(
                        argv,
                        Set.of("--source", "--input", "--lake", "--intervals"),
                        Set.of("--dynamodb"));
        CaptureLine.Format format = format(args);
        Path input = Path.of(required(args, "--input"));
        Path lake = Path.of(required(args, "--lake"));
        if (!Files.isReadable(input)) {
            throw new Args.UsageException("cannot read " + input);
        }
        Files.createDirectories(lake);
        LocalStack stack = null;
        try {
            Optional<Map<String, Properties>> dynamo = Optional.empty();
            if (args.flag("--dynamodb")) {
                StackConfig cfg = StackConfig.builder().build();
                stack = LocalStack.start(cfg);
                dynamo = Optional.of(dynamoProperties(cfg));
                out.println(
                        "DynamoDB Local on "
                                + cfg.dynamoDbEndpoint()
                                + ": tables "
                                + cfg.latestPriceTable()
                                + ", "
                                + cfg.barsTable());
            }
            long started = System.nanoTime();
            Map<String, Object> acc =
                    Replay.run(format, input, lake, args.get("--intervals", "1m"), dynamo);
            long frames = count(acc, DecodedEventRouter.FRAMES);
            out.printf("replayed %s in %.1f s%n", input, (System.nanoTime() - started) / 1e9);
            out.printf(
                    "frames %,d: trades %,d (duplicates %,d, late %,d), quotes %,d, gaps %,d,"
                            + " control %,d, quarantined %,d%n",
                    frames,
                    count(acc, DecodedEventRouter.TRADES),
                    count(acc, DedupeFunction.DUPLICATES),
                    count(acc, LateTradeFilter.LATE),
                    count(acc, DecodedEventRouter.QUOTES_COUNT),
                    count(acc, DecodedEventRouter.GAPS_COUNT),
                    count(acc, DecodedEventRouter.CONTROL),
                    count(acc, DecodedEventRouter.QUARANTINED));
            for (ReasonCode reason : ReasonCode.values()) {
                long n =
                        reason == ReasonCode.LATE
                                ? count(acc, LateTradeFilter.LATE)
                                : reason == ReasonCode.UNWRITABLE
                                        ? SinkGuard.ACCUMULATORS.stream()
                                                .mapToLong(name -> count(acc, name))
                                                .sum()
                                        : count(
                                                acc,
                                                DecodedEventRouter.QUARANTINED
                                                        + "."
                                                        + reason.name());
                if (n > 0) {
                    out.printf("  quarantined %-15s %,d%n", reason, n);
                }
            }
            printBooks(out, acc);
            out.println(
                    "lake "
                            + lake.toAbsolutePath()
                            + " (tables: trades, bars_<interval>, quotes, gaps, quarantine, book_top,"
                            + " book_snapshots, book_gaps, agg_trades, exchange_klines, reconciliation; try ./pipeline query --lake "
                            + lake
                            + " \"SELECT count(*) FROM trades\")");
            return 0;
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /**
     * The books' accounting, when the capture had depth frames: each diff applied, covered by a
     * snapshot or the book, or never applied while out of sync; snapshots, and the venue's own top
     * 20 and best bid/ask checked against the books.
     */
    static void printBooks(java.io.PrintStream out, Map<String, Object> acc) {
        long books = count(acc, DecodedEventRouter.BOOK_UPDATES);
        long aggTrades = count(acc, DecodedEventRouter.AGG_TRADES_COUNT);
        long klines = count(acc, DecodedEventRouter.KLINES_COUNT);
        if (books + aggTrades + klines == 0) {
            return;
        }
        out.printf(
                "book updates %,d: diffs applied %,d, covered %,d, never applied (out of sync) %,d;"
                        + " snapshots applied %,d, stale %,d, superseded %,d; aggTrades %,d,"
                        + " klines %,d%n",
                books,
                book(acc, BookSync.Outcome.DIFF_APPLIED),
                book(acc, BookSync.Outcome.DIFF_COVERED),
                book(acc, BookSync.Outcome.DIFF_UNSYNCED),
                book(acc, BookSync.Outcome.SNAPSHOT_APPLIED),
                book(acc, BookSync.Outcome.SNAPSHOT_STALE),
                book(acc, BookSync.Outcome.SNAPSHOT_SUPERSEDED),
                aggTrades,
                klines);
        out.printf(
                "  checks: top 20 matched %,d, mismatched %,d, unchecked %,d; best bid/ask matched"
                        + " %,d, mismatched %,d, unchecked %,d; levels dropped past the book's"
                        + " depth %,d%n",
                book(acc, BookSync.Outcome.TOP20_MATCHED),
                book(acc, BookSync.Outcome.TOP20_MISMATCHED),
                book(acc, BookSync.Outcome.TOP20_UNCHECKED),
                book(acc, BookSync.Outcome.QUOTE_MATCHED),
                book(acc, BookSync.Outcome.QUOTE_MISMATCHED),
                book(acc, BookSync.Outcome.QUOTE_UNCHECKED),
                book(acc, BookSync.Outcome.LEVELS_DROPPED));
        long matched = count(acc, ReconcileFunction.MATCHED);
        long mismatched = count(acc, ReconcileFunction.MISMATCHED);
        if (matched + mismatched > 0) {
            out.printf(
                    "klines checked against our bars: %,d match, %,d differ (table reconciliation)%n",
                    matched, mismatched);
        }
    }

    private static long book(Map<String, Object> acc, BookSync.Outcome outcome) {
        return count(acc, BookFunction.accumulator(outcome));
    }

    static CaptureLine.Format format(Args args) {
        try {
            return CaptureLine.Format.parse(args.get("--source", ""));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    private static Map<String, Properties> dynamoProperties(StackConfig cfg) {
        Properties aws = new Properties();
        aws.setProperty("endpoint.dynamodb", cfg.dynamoDbEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        Properties sinks = new Properties();
        sinks.setProperty("dynamodb.latest-price.table", cfg.latestPriceTable());
        sinks.setProperty("dynamodb.bars.table", cfg.barsTable());
        return Map.of(JobConfig.AWS, aws, JobConfig.SINKS, sinks);
    }

    static long count(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    private static String required(Args args, String name) {
        String v = args.get(name, "");
        if (v.isEmpty()) {
            throw new Args.UsageException(name + " is required");
        }
        return v;
    }
}
