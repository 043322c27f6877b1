package io.marketpipe.job.config;

import io.marketpipe.job.bars.BarInterval;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.signals.FillTiming;
import io.marketpipe.job.signals.MovingAverage;
import io.marketpipe.job.signals.StrategyKind;
import io.marketpipe.job.signals.StrategySpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code strategies} property group: {@code ids} lists strategy instances, and each is set by
 * keys {@code <id>.<parameter>} ({@code ID.<parameter>} in {@link JobConfig#KEYS}). A parameter of
 * another kind, an unknown id or an impossible value fails at start-up.
 */
final class StrategyKeys {
    /** Parameters only some kinds take; the rest apply to every kind. */
    private static final Map<String, Set<StrategyKind>> KIND_SPECIFIC =
            Map.of(
                    "lookback", Set.of(StrategyKind.DIP_BUY, StrategyKind.BREAKOUT),
                    "dip.pct", Set.of(StrategyKind.DIP_BUY),
                    "fast", Set.of(StrategyKind.MA_CROSS),
                    "slow", Set.of(StrategyKind.MA_CROSS),
                    "ma", Set.of(StrategyKind.MA_CROSS));

    /** Registers a key: group, key, default, description. */
    interface Registrar {
        void key(String group, String key, String defaultValue, String description);
    }

    private StrategyKeys() {}

    static void register(Registrar r) {
        String g = JobConfig.STRATEGIES;
        String id = JobConfig.ID;
        r.key(
                g,
                "ids",
                "",
                "Comma-separated strategy ids, each set by the ID.* keys below (ID stands for the"
                        + " id); empty = no strategies");
        r.key(
                g,
                "idle-state.ttl.ms",
                "86400000",
                "A flat strategy's state for a symbol without a bar for this long (event time) is"
                        + " dropped");
        r.key(g, id + "kind", "", "dip-buy, ma-cross or breakout (required)");
        r.key(g, id + "interval", "1m", "The bars it runs on: one of bars / intervals");
        r.key(g, id + "symbols", "", "Comma-separated symbols it trades; empty = every symbol");
        r.key(
                g,
                id + "lookback",
                "20",
                "dip-buy and breakout: N, the past bars the close is compared with");
        r.key(
                g,
                id + "dip.pct",
                "3",
                "dip-buy: enter when the close is at least this % below the highest close of the"
                        + " last N bars");
        r.key(g, id + "fast", "10", "ma-cross: bars of the fast moving average");
        r.key(g, id + "slow", "30", "ma-cross: bars of the slow moving average");
        r.key(g, id + "ma", "sma", "ma-cross: sma or ema");
        r.key(g, id + "take-profit.pct", "5", "Exit at +this % from the entry price; 0 = none");
        r.key(g, id + "stop-loss.pct", "0", "Exit at -this % from the entry price; 0 = none");
        r.key(
                g,
                id + "trailing-stop.pct",
                "0",
                "Exit this % below the highest high since entry; 0 = none");
        r.key(
                g,
                id + "max-hold.ms",
                "0",
                "Exit at the close of the first bar ending this long after entry (event time);"
                        + " 0 = none");
        r.key(
                g,
                id + "notional",
                "1000",
                "Quote amount per entry; the quantity is rounded down to the step");
        r.key(g, id + "quantity.step", "0.00001", "The symbol's quantity step");
        r.key(g, id + "fee.bps", "10", "Fee per fill, in basis points of its quote amount");
        r.key(
                g,
                id + "slippage.bps",
                "2",
                "Slippage per fill in basis points, always against the strategy");
        r.key(
                g,
                id + "fill",
                "next-open",
                "next-open (a decision on a bar's close fills at the next bar's open) or"
                        + " signal-close (at the signal bar's own close: flatters results)");
    }

    static List<String> ids(String csv) {
        List<String> ids = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (!part.isBlank()) {
                ids.add(part.trim());
            }
        }
        return ids;
    }

    /**
     * {@code dip1.kind} -> {@code ID.kind} when dip1 is one of {@code ids} (the longest that
     * prefixes the key); the key itself otherwise.
     */
    static String template(List<String> ids, String key) {
        String best = null;
        for (String id : ids) {
            if (key.startsWith(id + ".") && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        return best == null ? key : JobConfig.ID + key.substring(best.length() + 1);
    }

    static List<StrategySpec> specs(JobConfig config, List<BarInterval> intervals) {
        List<String> ids = ids(config.get(JobConfig.STRATEGIES, "ids"));
        if (new LinkedHashSet<>(ids).size() != ids.size()) {
            throw new IllegalArgumentException("strategies / ids lists an id twice: " + ids);
        }
        List<StrategySpec> specs = new ArrayList<>();
        for (String id : ids) {
            specs.add(spec(new Params(config, id), intervals));
        }
        return specs;
    }

    private static StrategySpec spec(Params p, List<BarInterval> intervals) {
        String kindName = p.get("kind");
        if (kindName.isEmpty()) {
            throw new IllegalArgumentException(
                    "strategies / " + p.id + ".kind is required (dip-buy, ma-cross or breakout)");
        }
        StrategyKind kind = StrategyKind.parse(kindName);
        for (Map.Entry<String, Set<StrategyKind>> specific : KIND_SPECIFIC.entrySet()) {
            if (p.isSet(specific.getKey()) && !specific.getValue().contains(kind)) {
                throw new IllegalArgumentException(
                        "strategies / "
                                + p.id
                                + "."
                                + specific.getKey()
                                + " is not a parameter of "
                                + kind.configName());
            }
        }
        String interval = BarInterval.parse(p.get("interval")).name();
        if (intervals.stream().noneMatch(i -> i.name().equals(interval))) {
            throw new IllegalArgumentException(
                    "strategies / "
                            + p.id
                            + ".interval "
                            + interval
                            + " is not one of bars / intervals "
                            + intervals);
        }
        StrategySpec.Builder b =
                StrategySpec.builder(p.id, kind)
                        .interval(interval)
                        .takeProfitPercent(p.decimal("take-profit.pct"))
                        .stopLossPercent(p.decimal("stop-loss.pct"))
                        .trailingStopPercent(p.decimal("trailing-stop.pct"))
                        .maxHoldMillis(p.whole("max-hold.ms"))
                        .notional(p.units("notional"))
                        .quantityStep(p.units("quantity.step"))
                        .feeBps(p.decimal("fee.bps"))
                        .slippageBps(p.decimal("slippage.bps"))
                        .fill(FillTiming.parse(p.get("fill")))
                        .symbols(Set.copyOf(ids(p.get("symbols"))));
        switch (kind) {
            case DIP_BUY:
                b.lookback((int) p.whole("lookback")).dipPercent(p.decimal("dip.pct"));
                break;
            case BREAKOUT:
                b.lookback((int) p.whole("lookback"));
                break;
            default:
                b.averages(
                        (int) p.whole("fast"),
                        (int) p.whole("slow"),
                        MovingAverage.parse(p.get("ma")));
        }
        return b.build();
    }

    /** One strategy's parameters, with the key in every error message. */
    private static final class Params {
        final JobConfig config;
        final String id;

        Params(JobConfig config, String id) {
            this.config = config;
            this.id = id;
        }

        String get(String param) {
            return config.get(JobConfig.STRATEGIES, id + "." + param);
        }

        boolean isSet(String param) {
            return config.isSet(JobConfig.STRATEGIES, id + "." + param);
        }

        BigDecimal decimal(String param) {
            try {
                BigDecimal value = new BigDecimal(get(param));
                if (value.scale() > Decimals.SCALE || value.precision() - value.scale() > 12) {
                    throw new NumberFormatException("out of range");
                }
                return value;
            } catch (NumberFormatException e) {
                throw bad(param);
            }
        }

        long units(String param) {
            try {
                return Decimals.parse(get(param));
            } catch (NumberFormatException | ArithmeticException e) {
                throw bad(param);
            }
        }

        long whole(String param) {
            try {
                return Long.parseLong(get(param));
            } catch (NumberFormatException e) {
                throw bad(param);
            }
        }

        private IllegalArgumentException bad(String param) {
            return new IllegalArgumentException(
                    "strategies / "
                            + id
                            + "."
                            + param
                            + " is not a valid number: \""
                            + get(param)
                            + "\"");
        }
    }
}
