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
            "cost --trades-per-second N [--symbols M] [--shipped] [--stream-mode"
                    + " on-demand|provisioned] [--shards N] [--reader efo|polling]"
                    + " [--retention-hours H] [--parallelism N] [--parallelism-per-kpu N]"
                    + " [--strategies N] [--latest-price-flush-ms MS] [--dynamodb"
                    + " on-demand|provisioned] [--nat yes|no] [--skew S] [--checkpoint-seconds S]";

    /** The latest price's freshness the sized shape is held to: p99 within a second. */
    static final double FRESHNESS_TARGET_MILLIS = 1_000;

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
                                "--retention-hours",
                                "--parallelism",
                                "--parallelism-per-kpu",
                                "--strategies",
                                "--latest-price-flush-ms",
                                "--dynamodb",
                                "--nat",
                                "--skew",
                                "--checkpoint-seconds"),
                        Set.of("--shipped"));
        if (!args.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument " + args.positional().get(0));
        }
        if (args.get("--trades-per-second", "").isEmpty()) {
            throw new Args.UsageException("--trades-per-second is required");
        }
        double rate = args.getLong("--trades-per-second", 0, 0);
        int symbols = (int) args.getLong("--symbols", 2, 1);
        boolean shipped = args.flag("--shipped");
        CostModel.Builder b =
                shipped
                        ? CostModel.Deployment.shipped(rate, symbols)
                        : CostModel.Deployment.sized(rate, symbols);
        b.latestPriceFlushMillis =
                args.getLong(
                        "--latest-price-flush-ms",
                        shipped
                                ? Long.parseLong(
                                        JobConfig.KEYS.get(JobConfig.SINKS)
                                                .get("dynamodb.latest-price.flush.interval.ms")[0])
                                : (long) b.latestPriceFlushMillis,
                        1);
        b.provisioned = choice(args, "--stream-mode", b.provisioned, "provisioned", "on-demand");
        b.efo = choice(args, "--reader", b.efo, "efo", "polling");
        b.dynamoProvisioned =
                choice(args, "--dynamodb", b.dynamoProvisioned, "provisioned", "on-demand");
        b.natGateway = choice(args, "--nat", b.natGateway, "yes", "no");
        b.rawShards = (int) args.getLong("--shards", b.rawShards, 1);
        b.retentionHours = args.getLong("--retention-hours", (long) b.retentionHours, 24);
        b.parallelism = (int) args.getLong("--parallelism", b.parallelism, 1);
        b.parallelismPerKpu = (int) args.getLong("--parallelism-per-kpu", b.parallelismPerKpu, 1);
        b.checkpointSeconds = args.getLong("--checkpoint-seconds", (long) b.checkpointSeconds, 1);
        b.strategies = (int) args.getLong("--strategies", 0, 0);
        b.lakeTables = 3 + (b.strategies > 0 ? 4 : 0);
        b.customMetrics = new ForwarderMetrics().exported().size();
        String skew = args.get("--skew", "");
        if (!skew.isEmpty()) {
            try {
                b.skew = Double.parseDouble(skew);
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--skew is a number, was " + skew);
            }
            if (!(b.skew >= 0 && b.skew <= 3)) {
                throw new Args.UsageException("--skew is from 0 (uniform) to 3, was " + skew);
            }
        }
        CostModel.Deployment d = b.build();
        CostModel model = new CostModel(CostModel.Prices.usEast1());
        print(model, d, shipped);
        return 0;
    }

    private static boolean choice(Args args, String name, boolean fallback, String yes, String no) {
        String value = args.get(name, "").toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.equals(yes) && !value.equals(no)) {
            throw new Args.UsageException(name + " is " + yes + " or " + no + ", was " + value);
        }
        return value.equals(yes);
    }

    void print(CostModel model, CostModel.Deployment d, boolean shipped) {
        List<CostModel.Line> bill = model.bill(d);
        double millions = model.millionsOfTrades(d);
        out.printf(
                "cost: %,.0f trades/s over %d symbols (%,.0f million trades a month; skew %.1f),"
                        + " %s, us-east-1 list prices as of %s%n",
                d.tradesPerSecond(),
                d.symbols(),
                millions,
                d.skew(),
                shipped ? "the stack's defaults" : "the stack sized for this rate",
                model.prices().asOf());
        for (CostModel.Line line : bill) {
            out.printf(
                    "  %-44s %10s  %s%n",
                    line.component(), dollars(line.dollarsPerMonth()), line.basis());
        }
        double total = CostModel.total(bill);
        double variable = model.variablePerMonth(d);
        out.printf("  %-44s %10s%n", "total a month", dollars(total));
        out.printf(
                "  %-44s %10s  (%s a million trades; all in: %s a million)%n",
                "of which grows with trades",
                dollars(variable),
                perMillion(variable, millions),
                perMillion(total, millions));
        double fresh = d.latestPriceP99Millis();
        out.printf(
                "latest price p99 fresh in about %.0f ms (%s, %.0f ms flush)%s%n",
                fresh,
                d.efo()
                        ? "fan-out reader"
                        : String.format("polling reader every %.0f ms", d.pollingMillis()),
                d.latestPriceFlushMillis(),
                fresh <= FRESHNESS_TARGET_MILLIS ? "" : ": over the 1 s target");
        if (!shipped) {
            out.println("terraform.tfvars for this shape:");
            for (String line : tfvars(d)) {
                out.println("  " + line);
            }
        }
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

    /** The stack's variables that make deployment {@code d}. */
    static List<String> tfvars(CostModel.Deployment d) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "stream_mode           = \""
                        + (d.provisioned() ? "PROVISIONED" : "ON_DEMAND")
                        + "\"");
        if (d.provisioned()) {
            lines.add("raw_shards            = " + CostModel.shards(d));
        }
        lines.add(String.format("stream_retention_hours = %.0f", d.retentionHours()));
        lines.add("kinesis_reader        = \"" + (d.efo() ? "EFO" : "POLLING") + "\"");
        if (!d.efo()) {
            lines.add(String.format("polling_interval_ms   = %.0f", d.pollingMillis()));
        }
        lines.add("parallelism           = " + d.parallelism());
        lines.add(String.format("latest_price_flush_ms = %.0f", d.latestPriceFlushMillis()));
        lines.add("forwarder_public_ip   = " + !d.natGateway());
        if (d.dynamoProvisioned()) {
            double latest = CostModel.latestPriceWrites(d);
            double bars = 0;
            for (double s : d.barSeconds()) {
                bars += d.symbols() / s;
            }
            lines.add("dynamodb_provisioned_tables = {");
            lines.add(bounds("latest-price", latest, d.autoscalingTarget()));
            lines.add(bounds("bars", bars, d.autoscalingTarget()));
            lines.add("}");
        }
        return lines;
    }

    /** A table's capacity bounds: from its steady writes at the target to four times that. */
    private static String bounds(String table, double writes, double target) {
        long min = Math.max(1, (long) Math.ceil(writes / target));
        return String.format(
                "  \"%s\" = { min_write = %d, max_write = %d, min_read = 5, max_read = 100 }",
                table, min, 4 * min);
    }

    private static String dollars(double value) {
        return String.format("$%,.2f", value);
    }

    private static String perMillion(double dollars, double millions) {
        return millions == 0 ? "-" : String.format("$%,.4f", dollars / millions);
    }
}
