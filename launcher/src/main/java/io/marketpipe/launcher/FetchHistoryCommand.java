package io.marketpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.ingest.ForwarderMetrics;
import io.marketpipe.ingest.backfill.BinanceRest;
import io.marketpipe.ingest.backfill.BinanceRestBackfill;
import io.marketpipe.ingest.backfill.Gap;
import io.marketpipe.ingest.envelope.FrameSink;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.symbol.Symbols;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./pipeline fetch-history}: pulls trades over Binance REST into one CSV per symbol in
 * Binance's own history format, so they backtest like downloaded files ({@code --source
 * binance-archive}). The id range comes from {@code aggTrades} by time; the trades from {@code
 * historicalTrades} by id through the forwarder's backfill client, which honours 429/418 {@code
 * Retry-After} and the per-minute weight. Run again, it continues after the last id of each file.
 */
final class FetchHistoryCommand {
    static final String USAGE =
            "fetch-history --symbols A,B --from YYYY-MM-DD --to YYYY-MM-DD --out DIR"
                    + " [--rest-url https://api.binance.com]";
    private static final long HOUR = 3_600_000L;
    private static final Duration IDLE_POLL = Duration.ofMillis(50);

    private final PrintStream out;

    FetchHistoryCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws Exception {
        Args args =
                new Args(
                        argv,
                        Set.of("--symbols", "--from", "--to", "--out", "--rest-url"),
                        Set.of());
        List<String> symbols = new ArrayList<>();
        for (String s : args.get("--symbols", "").split(",")) {
            if (!s.isBlank()) {
                // ASCII letters upper-cased, nothing else: a valid symbol names a file as it is
                String symbol = Symbols.fromStreamName(s.trim());
                String fault = Symbols.fault(symbol);
                if (fault != null) {
                    throw new Args.UsageException(
                            "symbol \""
                                    + s.trim()
                                    + "\" "
                                    + fault
                                    + "; a symbol is "
                                    + Symbols.RULE);
                }
                symbols.add(symbol);
            }
        }
        if (symbols.isEmpty()) {
            throw new Args.UsageException("--symbols is required");
        }
        LocalDate from = date(args, "--from");
        LocalDate to = date(args, "--to");
        if (to.isBefore(from)) {
            throw new Args.UsageException("--to is before --from");
        }
        String outArg = args.get("--out", "");
        if (outArg.isEmpty()) {
            throw new Args.UsageException("--out DIR is required");
        }
        Path dir = Path.of(outArg);
        Files.createDirectories(dir);
        URI base = URI.create(args.get("--rest-url", "https://api.binance.com"));
        long fromMillis = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long endMillis = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

        ForwarderMetrics metrics = new ForwarderMetrics();
        RestLookup rest = new RestLookup(new BinanceRest(base, metrics));
        Map<String, Writer> files = new LinkedHashMap<>();
        Map<String, long[]> ranges = new LinkedHashMap<>();
        CsvPages pages = new CsvPages(files, ranges);
        // one gap per symbol and day range at a time: the range is bounded by the dates asked for
        try (BinanceRestBackfill backfill =
                new BinanceRestBackfill(base, pages, metrics, () -> 0, 1, Long.MAX_VALUE).start()) {
            for (String symbol : symbols) {
                Path file = dir.resolve(symbol + "-trades-" + from + ".csv");
                long resumeAfter = HistoryCsv.resume(file);
                long first =
                        resumeAfter >= 0
                                ? resumeAfter + 1
                                : rest.firstIdAtOrAfter(symbol, fromMillis, endMillis);
                long last = rest.lastIdBefore(symbol, endMillis);
                if (first < 0 || last < first) {
                    out.printf(
                            "%s: nothing %s in %s..%s%n",
                            symbol, resumeAfter >= 0 ? "more" : "", from, to);
                    continue;
                }
                files.put(
                        symbol,
                        Files.newBufferedWriter(
                                file,
                                StandardCharsets.US_ASCII,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND));
                ranges.put(symbol, new long[] {first, last, 0});
                out.printf(
                        "%s: trade ids %,d..%,d%s -> %s%n",
                        symbol,
                        first,
                        last,
                        resumeAfter >= 0 ? " (resuming after " + resumeAfter + ")" : "",
                        file);
                backfill.request(new Gap(symbol, first, last));
                while (!backfill.idle()) {
                    Thread.sleep(IDLE_POLL.toMillis());
                }
                files.remove(symbol).close();
            }
        } finally {
            for (Writer w : files.values()) {
                w.close();
            }
        }
        ranges.forEach((symbol, r) -> out.printf("%s: %,d trades written%n", symbol, r[2]));
        out.printf(
                "REST: %,d requests, %,d answered 429/418 and waited out, %,d unrecoverable ranges%n",
                metrics.restRequests.sum(), metrics.restRateLimited.sum(), pages.gaps);
        out.println(
                "backtest them: ./pipeline backtest --source binance-archive --input "
                        + dir.resolve(symbols.get(0) + "-trades-" + from + ".csv")
                        + " ...");
        return pages.gaps == 0 ? 0 : 1;
    }

    private static LocalDate date(Args args, String name) {
        try {
            return LocalDate.parse(args.get(name, ""));
        } catch (java.time.format.DateTimeParseException e) {
            throw new Args.UsageException(name + " must be a date like 2024-01-31");
        }
    }

    /** Writes each backfilled page's trades within range as CSV rows, one flush per page. */
    private static final class CsvPages implements FrameSink {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Map<String, Writer> files;
        private final Map<String, long[]> ranges;
        long gaps;

        CsvPages(Map<String, Writer> files, Map<String, long[]> ranges) {
            this.files = files;
            this.ranges = ranges;
        }

        @Override
        public void accept(
                String key,
                Venue venue,
                Encoding encoding,
                Origin origin,
                long connection,
                long sequence,
                long micros,
                byte[] payload) {
            String symbol = key.substring(key.indexOf(':') + 1);
            if (origin == Origin.GAP_MARKER) {
                gaps++;
                System.err.println("unrecoverable: " + new String(payload, StandardCharsets.UTF_8));
                return;
            }
            try {
                JsonNode trades = JSON.readTree(payload).get("trades");
                long[] range = ranges.get(symbol);
                StringBuilder rows = new StringBuilder(trades.size() * 80);
                for (JsonNode t : trades) {
                    long id = t.get("id").asLong();
                    if (id < range[0] || id > range[1]) {
                        continue; // a page may run past the range's end
                    }
                    rows.append(id)
                            .append(',')
                            .append(t.get("price").asText())
                            .append(',')
                            .append(t.get("qty").asText())
                            .append(',')
                            .append(t.path("quoteQty").asText("0"))
                            .append(',')
                            .append(t.get("time").asLong())
                            .append(t.get("isBuyerMaker").asBoolean() ? ",True," : ",False,")
                            .append(t.path("isBestMatch").asBoolean(true) ? "True" : "False")
                            .append('\n');
                    range[2]++;
                }
                Writer w = files.get(symbol);
                w.write(rows.toString());
                w.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + symbol + " trades", e);
            }
        }
    }

    /** Trade ids at times, from aggTrades (an hour per request, as Binance allows). */
    private static final class RestLookup {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final BinanceRest rest;

        RestLookup(BinanceRest rest) {
            this.rest = rest;
        }

        /** The first trade id at or after {@code start} and before {@code end}; -1 if none. */
        long firstIdAtOrAfter(String symbol, long start, long end) throws Exception {
            long now = System.currentTimeMillis();
            for (long t = start; t < end && t <= now; t += HOUR) {
                // Binance allows at most an hour between startTime and endTime
                JsonNode page =
                        get(
                                "/api/v3/aggTrades?symbol="
                                        + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                                        + "&startTime="
                                        + t
                                        + "&endTime="
                                        + (Math.min(t + HOUR, end) - 1)
                                        + "&limit=1");
                if (page.size() > 0) {
                    return page.get(0).get("f").asLong();
                }
            }
            return -1;
        }

        /**
         * The last trade id before {@code end}: the newest trade if it is older, else one below the
         * first trade at or after {@code end} (searched up to the newest trade's time).
         */
        long lastIdBefore(String symbol, long end) throws Exception {
            JsonNode newest =
                    get(
                            "/api/v3/historicalTrades?symbol="
                                    + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                                    + "&limit=1");
            if (newest.size() == 0) {
                return -1;
            }
            JsonNode last = newest.get(newest.size() - 1);
            long newestId = last.get("id").asLong();
            long newestTime = last.get("time").asLong();
            if (newestTime < end) {
                return newestId;
            }
            long next = firstIdAtOrAfter(symbol, end, newestTime + 1);
            return next >= 0 ? next - 1 : newestId;
        }

        private JsonNode get(String pathAndQuery) throws Exception {
            try {
                return JSON.readTree(rest.get(pathAndQuery));
            } catch (BinanceRest.Refused e) {
                throw new IOException(e.getMessage() + " (" + pathAndQuery + ")", e);
            }
        }
    }
}
