package io.marketpipe.job.config;

import io.marketpipe.job.bars.BarInterval;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The job's settings, read from Managed Flink runtime property groups (or the same shape from a
 * local JSON file). Every key, its default and meaning is in {@link #KEYS}, the README's table.
 * Unknown groups and keys are rejected, so a typo fails at start instead of being ignored.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String AWS = "aws";
    public static final String SOURCE = "source";
    public static final String BARS = "bars";
    public static final String SINKS = "sinks";
    public static final String STRATEGIES = "strategies";
    public static final String BOOK = "book";

    /** Lake tables that can also be delivered through Firehose. */
    public static final List<String> FIREHOSE_TABLES =
            List.of("signals", "fills", "round_trips", "equity", "quarantine");

    /** Stands for a strategy id in the {@link #STRATEGIES} keys: {@code ID.kind} is "dip1.kind". */
    public static final String ID = "ID.";

    /** group -> key -> {default ("" = unset), description}. */
    public static final Map<String, Map<String, String[]>> KEYS = new LinkedHashMap<>();

    static {
        key(AWS, "region", "us-east-1", "AWS region of the streams and tables");
        key(AWS, "endpoint.kinesis", "", "Kinesis endpoint override (local emulator only)");
        key(AWS, "endpoint.dynamodb", "", "DynamoDB endpoint override (local emulator only)");
        key(AWS, "endpoint.firehose", "", "Firehose endpoint override (local emulator only)");
        key(
                AWS,
                "credentials.access-key-id",
                "",
                "Static access key (local emulator only); unset = the application's role");
        key(
                AWS,
                "credentials.secret-key",
                "",
                "Static secret key, with the access key id (local emulator only)");
        key(
                SOURCE,
                "kinesis.stream.arn",
                "",
                "ARN of the raw stream the forwarder writes (required)");
        key(
                SOURCE,
                "kinesis.initial.position",
                "LATEST",
                "Where a fresh start reads from: LATEST or TRIM_HORIZON");
        key(
                SOURCE,
                "kinesis.reader",
                "POLLING",
                "POLLING (GetRecords, shares each shard's 2 MB/s) or EFO (enhanced fan-out:"
                        + " a dedicated 2 MB/s per shard pushed over HTTP/2, about 70 ms instead of"
                        + " about 200 ms)");
        key(
                SOURCE,
                "kinesis.efo.consumer.name",
                "marketpipe-job",
                "EFO: the stream consumer to register (at start, deregistered at stop)");
        key(
                SOURCE,
                "kinesis.efo.consumer.arn",
                "",
                "EFO: the ARN of a consumer registered outside the job (e.g. by Terraform); set ="
                        + " the job registers nothing and needs no RegisterStreamConsumer permission");
        key(
                SOURCE,
                "kinesis.polling.interval.ms",
                "200",
                "POLLING: the least time between two GetRecords calls on one shard, empty or not"
                        + " (Kinesis allows 5 a second a shard, shared by its consumers; the 4.3.0"
                        + " connector alone would call again at once)");
        key(
                SOURCE,
                "kinesis.shard.discovery.interval.ms",
                "10000",
                "How often new shards are discovered");
        key(
                SOURCE,
                "market-streams",
                "depth,aggTrade,kline",
                "The market streams beyond trades and best bid/ask the job builds operators for:"
                        + " depth (order books, their tables, the bars' book fields), aggTrade"
                        + " (agg_trades, aggregates in the bars), kline (exchange_klines and the"
                        + " reconciliation); a frame of a stream left out is quarantined"
                        + " STREAM_OFF. none (or empty): trades and quotes only, the leanest job");
        key(
                BARS,
                "intervals",
                "1m",
                "Comma-separated bar intervals (1s, 1m, 5m, 1h, 1d); each writes its own table bars_<interval>");
        key(
                BARS,
                "watermark.out-of-orderness.ms",
                "2000",
                "Bounded out-of-orderness of trade times");
        key(
                BARS,
                "watermark.idleness.ms",
                "10000",
                "A source split idle this long stops holding the watermark back");
        key(
                BARS,
                "allowed-lateness.ms",
                "0",
                "Trades further behind the watermark than this are quarantined as LATE");
        key(
                BARS,
                "trade-time.max-ahead.ms",
                "10000",
                "A trade dated more than this after its receive time is quarantined as"
                        + " BAD_TIMESTAMP (it would move the watermark past every real trade)");
        key(
                BARS,
                "trade-time.max-behind.ms",
                "604800000",
                "A live trade dated more than this before its receive time is quarantined as"
                        + " BAD_TIMESTAMP (bounds the lake partitions a checkpoint writes); replays"
                        + " have no such bound");
        key(
                BARS,
                "dedupe.content-ttl.ms",
                "600000",
                "How long a trade without an id (Finnhub) is remembered for dedupe, in event time");
        key(
                BOOK,
                "max-levels",
                "5000",
                "Price levels an order book keeps a side (Binance snapshots list at most 5000);"
                        + " levels past it are dropped and counted, and the book says how deep it"
                        + " is exact");
        key(
                BOOK,
                "buffer.max-diffs",
                "1000",
                "Depth diffs a book holds while it waits for a snapshot; the oldest are let go"
                        + " (and counted) past it");
        key(BOOK, "imbalance.levels", "5", "Levels a side summed for book_top's imbalance");
        key(
                BOOK,
                "snapshot.levels",
                "20",
                "Levels a side each book_snapshots row set lists (at every bar close and every"
                        + " snapshot.interval.ms); 0 = no snapshots");
        key(
                BOOK,
                "snapshot.interval.ms",
                "10000",
                "A book snapshot every this many ms of event time, besides those at bar closes; 0 ="
                        + " at bar closes only");
        key(
                BOOK,
                "top.sample.ms",
                "0",
                "0 = a book_top row per applied update; else one per this many ms of event time,"
                        + " the book as of each instant (the DynamoDB top-of-book table still"
                        + " sees every update)");
        key(
                SINKS,
                "lake.path",
                "",
                "Base path of the Parquet lake, e.g. s3://bucket/lake; unset = no lake");
        key(SINKS, "dynamodb.latest-price.table", "", "Latest-price table; unset = not written");
        key(
                SINKS,
                "dynamodb.top-of-book.table",
                "",
                "Top-of-book table: each symbol's latest in-sync best bid and ask, conditional on the"
                        + " book's update id; unset = not written");
        key(
                SINKS,
                "dynamodb.latest-price.flush.interval.ms",
                "100",
                "How often coalesced latest prices are written (and on every checkpoint). An"
                        + " interval's writes go out beside the task, which does not wait for them;"
                        + " an interval that finds the last one still out skips its turn; a"
                        + " checkpoint waits for every write before it");
        key(SINKS, "dynamodb.bars.table", "", "Bars table; unset = not written");
        key(
                SINKS,
                "dynamodb.signals.table",
                "",
                "Strategy signals table (STRATEGY#VENUE#SYMBOL, bar and side); unset = not written");
        key(
                SINKS,
                "dynamodb.positions.table",
                "",
                "Strategy positions table (STRATEGY#VENUE#SYMBOL; open: as of the latest bar, flat:"
                        + " as of the bar it went flat); unset = not written");
        key(
                SINKS,
                "dynamodb.positions.flush.interval.ms",
                "500",
                "How often positions and signals are written (and on every checkpoint), as the"
                        + " latest prices are");
        key(
                SINKS,
                "dynamodb.writes.in-flight",
                "16",
                "Write requests a subtask has outstanding at once for latest prices, signals and"
                        + " positions (each a conditional write, or a batch of up to 25), and its"
                        + " connections to DynamoDB");
        key(
                SINKS,
                "quarantine.stream.arn",
                "",
                "ARN of the quarantine stream; unset = not written");
        for (String table : FIREHOSE_TABLES) {
            key(
                    SINKS,
                    "firehose." + table + ".stream",
                    "",
                    "Firehose delivery stream that also receives the lake table "
                            + table
                            + " as JSON lines; unset = not delivered");
        }
        StrategyKeys.register(JobConfig::key);
    }

    private final Map<String, Map<String, String>> values;

    private JobConfig(Map<String, Map<String, String>> values) {
        this.values = values;
    }

    public static JobConfig fromPropertyGroups(Map<String, Properties> groups) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, Properties> group : groups.entrySet()) {
            Map<String, String[]> known = KEYS.get(group.getKey());
            if (known == null) {
                problems.add(
                        "unknown property group \""
                                + group.getKey()
                                + "\" (known: "
                                + KEYS.keySet()
                                + ")");
                continue;
            }
            Map<String, String> groupValues = new LinkedHashMap<>();
            List<String> ids =
                    STRATEGIES.equals(group.getKey())
                            ? StrategyKeys.ids(group.getValue().getProperty("ids", ""))
                            : List.of();
            for (String key : new TreeSet<>(group.getValue().stringPropertyNames())) {
                if (!known.containsKey(key)
                        && !known.containsKey(StrategyKeys.template(ids, key))) {
                    problems.add("unknown key \"" + key + "\" in group \"" + group.getKey() + "\"");
                } else {
                    groupValues.put(key, group.getValue().getProperty(key).trim());
                }
            }
            values.put(group.getKey(), groupValues);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "bad job configuration: " + String.join("; ", problems));
        }
        JobConfig config = new JobConfig(values);
        config.validate();
        return config;
    }

    private void validate() {
        List<BarInterval> intervals = barIntervals();
        String position = get(SOURCE, "kinesis.initial.position");
        if (!Set.of("LATEST", "TRIM_HORIZON").contains(position)) {
            throw new IllegalArgumentException(
                    "source kinesis.initial.position must be LATEST or TRIM_HORIZON, was "
                            + position);
        }
        String reader = get(SOURCE, "kinesis.reader");
        if (!Set.of("POLLING", "EFO").contains(reader)) {
            throw new IllegalArgumentException(
                    "source kinesis.reader must be POLLING or EFO, was " + reader);
        }
        boolean key = !get(AWS, "credentials.access-key-id").isEmpty();
        boolean secret = !get(AWS, "credentials.secret-key").isEmpty();
        if (key != secret) {
            throw new IllegalArgumentException(
                    "aws credentials.access-key-id and credentials.secret-key go together");
        }
        millis(BARS, "watermark.out-of-orderness.ms");
        millis(BARS, "watermark.idleness.ms");
        millis(BARS, "allowed-lateness.ms");
        millis(BARS, "trade-time.max-ahead.ms");
        millis(BARS, "trade-time.max-behind.ms");
        millis(BARS, "dedupe.content-ttl.ms");
        millis(SINKS, "dynamodb.latest-price.flush.interval.ms");
        millis(SINKS, "dynamodb.positions.flush.interval.ms");
        count(SINKS, "dynamodb.writes.in-flight", 1, 1_000);
        millis(SOURCE, "kinesis.shard.discovery.interval.ms");
        millis(SOURCE, "kinesis.polling.interval.ms");
        marketStreams();
        millis(STRATEGIES, "idle-state.ttl.ms");
        count(BOOK, "max-levels", 1, 100_000);
        count(BOOK, "buffer.max-diffs", 1, 100_000);
        count(BOOK, "imbalance.levels", 1, 5_000);
        count(BOOK, "snapshot.levels", 0, 5_000);
        millis(BOOK, "snapshot.interval.ms");
        millis(BOOK, "top.sample.ms");
        StrategyKeys.specs(this, intervals);
    }

    public String get(String group, String key) {
        String[] spec = KEYS.get(group).get(key);
        if (spec == null && STRATEGIES.equals(group)) {
            spec =
                    KEYS.get(group)
                            .get(StrategyKeys.template(StrategyKeys.ids(get(group, "ids")), key));
        }
        if (spec == null) {
            throw new IllegalArgumentException("no key " + group + "/" + key);
        }
        return values.getOrDefault(group, Collections.emptyMap()).getOrDefault(key, spec[0]);
    }

    /** Whether the key was given (rather than left at its default). */
    public boolean isSet(String group, String key) {
        return values.getOrDefault(group, Collections.emptyMap()).containsKey(key);
    }

    public Optional<String> optional(String group, String key) {
        String value = get(group, key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String required(String group, String key) {
        return optional(group, key)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "missing required setting " + group + " / " + key));
    }

    public long millis(String group, String key) {
        String value = get(group, key);
        try {
            long millis = Long.parseLong(value);
            if (millis < 0) {
                throw new NumberFormatException("negative");
            }
            return millis;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    group
                            + " / "
                            + key
                            + " must be a whole number of ms >= 0, was \""
                            + value
                            + "\"");
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public int count(String group, String key, int min, int max) {
        String value = get(group, key);
        try {
            int count = Integer.parseInt(value);
            if (count >= min && count <= max) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range value is
        }
        throw new IllegalArgumentException(
                group
                        + " / "
                        + key
                        + " must be a whole number from "
                        + min
                        + " to "
                        + max
                        + ", was \""
                        + value
                        + "\"");
    }

    public Duration duration(String group, String key) {
        return Duration.ofMillis(millis(group, key));
    }

    /** The market streams {@code source / market-streams} may name. */
    public static final List<String> MARKET_STREAMS = List.of("depth", "aggTrade", "kline");

    /** The market streams beyond trades and quotes the job builds operators for. */
    public Set<String> marketStreams() {
        Set<String> on = new java.util.LinkedHashSet<>();
        String value = get(SOURCE, "market-streams").trim();
        if (value.equals("none")) {
            return on;
        }
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!MARKET_STREAMS.contains(name)) {
                throw new IllegalArgumentException(
                        "source market-streams names "
                                + name
                                + ", which is none of "
                                + String.join(", ", MARKET_STREAMS));
            }
            on.add(name);
        }
        return on;
    }

    public List<BarInterval> barIntervals() {
        List<BarInterval> intervals = new ArrayList<>();
        for (String part : get(BARS, "intervals").split(",")) {
            if (!part.isBlank()) {
                intervals.add(BarInterval.parse(part));
            }
        }
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("bars / intervals lists no interval");
        }
        return intervals;
    }

    /** The configured strategies, in the order of {@code strategies / ids}. */
    public List<io.marketpipe.job.signals.StrategySpec> strategies() {
        return StrategyKeys.specs(this, barIntervals());
    }

    public AwsSettings aws() {
        return new AwsSettings(
                get(AWS, "region"),
                optional(AWS, "endpoint.kinesis").orElse(null),
                optional(AWS, "endpoint.dynamodb").orElse(null),
                optional(AWS, "endpoint.firehose").orElse(null),
                optional(AWS, "credentials.access-key-id").orElse(null),
                optional(AWS, "credentials.secret-key").orElse(null));
    }

    private static void key(String group, String key, String defaultValue, String description) {
        KEYS.computeIfAbsent(group, g -> new LinkedHashMap<>())
                .put(key, new String[] {defaultValue, description});
    }
}
