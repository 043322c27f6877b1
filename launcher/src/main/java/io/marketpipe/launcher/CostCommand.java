package io.marketpipe.launcher;

import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.job.config.JobConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./pipeline cost}: the deployment's monthly AWS bill for a trade rate, by component, from
 * {@code terraform/}'s defaults (or flags) and the dated price table in the launcher's resources;
 * per month and per million trades, beside the per-trade design it replaces.
 */
final class CostCommand {
    static final String USAGE =
            "cost --trades-per-second N [--symbols M] [--stream-mode on-demand|provisioned]"
                    + " [--reader efo|polling] [--shards N] [--parallelism N]"
                    + " [--parallelism-per-kpu N] [--strategies N] [--latest-price-flush-ms MS]"
                    + " [--checkpoint-seconds S]";

    /** Bytes of a Binance trade frame in an envelope: its JSON (about 232 B) and the header. */
    static final double FRAME_BYTES = 260;

    /**
     * Parquet bytes per trade in the lake's trades table: 1,715,441 B for 27,000 trades in a local
     * run (docs/chaos.md, 1 s checkpoints, so small files; larger files compress better).
     */
    static final double LAKE_BYTES_PER_TRADE = 64;

    /**
     * CloudWatch alarms and dashboards terraform/modules/monitoring creates (9 and one a table).
     */
    static final int ALARMS = 9 + 4;

    private final PrintStream out;

    CostCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args =
                new Args(
                        argv,
                        Set.of(
                                "--trades-per-second",
                                "--symbols",
                                "--stream-mode",
                                "--reader",
                                "--shards",
                                "--parallelism",
                                "--parallelism-per-kpu",
                                "--strategies",
                                "--latest-price-flush-ms",
                                "--checkpoint-seconds"),
                        Set.of());
        if (args.get("--trades-per-second", "").isEmpty()) {
            throw new Args.UsageException("--trades-per-second is required");
        }
        String mode = args.get("--stream-mode", "on-demand").toLowerCase(Locale.ROOT);
        String reader = args.get("--reader", "efo").toLowerCase(Locale.ROOT);
        if (!mode.equals("on-demand") && !mode.equals("provisioned")) {
            throw new Args.UsageException("--stream-mode is on-demand or provisioned");
        }
        if (!reader.equals("efo") && !reader.equals("polling")) {
            throw new Args.UsageException("--reader is efo or polling");
        }
        int strategies = (int) args.getLong("--strategies", 0, 0);
        CostModel.Deployment d =
                new CostModel.Deployment(
                        args.getLong("--trades-per-second", 0, 0),
                        (int) args.getLong("--symbols", 2, 1),
                        mode.equals("provisioned"),
                        reader.equals("efo"),
                        (int) args.getLong("--shards", 4, 1),
                        (int) args.getLong("--parallelism", 2, 1),
                        (int) args.getLong("--parallelism-per-kpu", 1, 1),
                        args.getLong("--checkpoint-seconds", 60, 1),
                        3 + (strategies > 0 ? 4 : 0),
                        50,
                        FRAME_BYTES,
                        LAKE_BYTES_PER_TRADE,
                        List.of(60.0),
                        strategies,
                        args.getLong(
                                "--latest-price-flush-ms",
                                Long.parseLong(
                                        JobConfig.KEYS.get(JobConfig.SINKS)
                                                .get("dynamodb.latest-price.flush.interval.ms")[0]),
                                1),
                        0.5,
                        1.0,
                        new ForwarderMetrics().exported().size(),
                        ALARMS,
                        1,
                        1);
        print(new CostModel(CostModel.Prices.usEast1()), d);
        return 0;
    }

    void print(CostModel model, CostModel.Deployment d) {
        List<CostModel.Line> bill = model.bill(d);
        double millions = model.millionsOfTrades(d);
        out.printf(
                "cost: %,.0f trades/s over %d symbols (%,.0f million trades a month), us-east-1 list"
                        + " prices as of %s%n",
                d.tradesPerSecond(), d.symbols(), millions, model.prices().asOf());
        for (CostModel.Line line : bill) {
            out.printf(
                    "  %-34s %10s  %s%n",
                    line.component(), dollars(line.dollarsPerMonth()), line.basis());
        }
        double total = CostModel.total(bill);
        double variable = model.variablePerMonth(d);
        out.printf("  %-34s %10s%n", "total a month", dollars(total));
        out.printf(
                "  %-34s %10s  (%s a million trades; all in: %s a million)%n",
                "of which grows with trades",
                dollars(variable),
                perMillion(variable, millions),
                perMillion(total, millions));
        List<CostModel.Line> old = model.perTradeDesign(d.tradesPerSecond(), 10);
        double oldTotal = CostModel.total(old);
        List<String> parts = new ArrayList<>();
        for (CostModel.Line line : old) {
            parts.add(line.component() + " " + dollars(line.dollarsPerMonth()));
        }
        out.printf(
                "the per-trade design (a Kinesis record, a Lambda call, a DynamoDB write per trade):"
                        + " %s a month, %s a million trades (%s)%n",
                dollars(oldTotal), perMillion(oldTotal, millions), String.join(", ", parts));
    }

    private static String dollars(double value) {
        return String.format("$%,.2f", value);
    }

    private static String perMillion(double dollars, double millions) {
        return millions == 0 ? "-" : String.format("$%,.4f", dollars / millions);
    }
}
