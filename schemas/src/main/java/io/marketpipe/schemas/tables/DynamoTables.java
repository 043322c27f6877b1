package io.marketpipe.schemas.tables;

/**
 * Key layout of the DynamoDB tables, shared by the job's sinks, the local stack and Terraform.
 *
 * <ul>
 *   <li>latest price: hash key {@value #LATEST_PK} = {@code VENUE#SYMBOL}
 *   <li>bars: hash key {@value #BARS_PK} = {@code VENUE#SYMBOL#INTERVAL}, range key {@value
 *       #BARS_SK} = window start in epoch millis
 *   <li>signals: hash key {@value #SIGNALS_PK} = {@code STRATEGY#VENUE#SYMBOL}, range key {@value
 *       #SIGNALS_SK} = the bar it was decided on and its side, {@code 0001700000000000#BUY} (bar
 *       start in epoch millis, zero-padded to 16 digits so it sorts by time: one bar can hold a
 *       stop's SELL and the next entry's BUY)
 *   <li>positions: hash key {@value #POSITIONS_PK} = {@code STRATEGY#VENUE#SYMBOL}
 *   <li>top of book: hash key {@value #TOP_OF_BOOK_PK} = {@code VENUE#SYMBOL}
 * </ul>
 *
 * Prices and quantities are stored as DynamoDB numbers written from exact decimal strings.
 */
public final class DynamoTables {
    public static final String LATEST_PK = "pk";
    public static final String BARS_PK = "pk";
    public static final String BARS_SK = "window_start";
    public static final String SIGNALS_PK = "pk";
    public static final String SIGNALS_SK = "bar_side";
    public static final String POSITIONS_PK = "pk";
    public static final String TOP_OF_BOOK_PK = "pk";

    private DynamoTables() {}

    public static String latestKey(String venue, String symbol) {
        return venue + '#' + symbol;
    }

    public static String strategyKey(String strategy, String venue, String symbol) {
        return strategy + '#' + venue + '#' + symbol;
    }

    public static String signalSortKey(long barTime, String side) {
        return String.format("%016d#%s", barTime, side);
    }

    public static String barKey(String venue, String symbol, String interval) {
        return venue + '#' + symbol + '#' + interval;
    }
}
