package io.marketpipe.schemas.tables;

/**
 * Key layout of the DynamoDB tables, shared by the job's sinks, the local stack and Terraform.
 *
 * <ul>
 *   <li>latest price: hash key {@value #LATEST_PK} = {@code VENUE#SYMBOL}
 *   <li>bars: hash key {@value #BARS_PK} = {@code VENUE#SYMBOL#INTERVAL}, range key {@value
 *       #BARS_SK} = window start in epoch millis
 * </ul>
 *
 * Prices and quantities are stored as DynamoDB numbers written from exact decimal strings.
 */
public final class DynamoTables {
    public static final String LATEST_PK = "pk";
    public static final String BARS_PK = "pk";
    public static final String BARS_SK = "window_start";

    private DynamoTables() {}

    public static String latestKey(String venue, String symbol) {
        return venue + '#' + symbol;
    }

    public static String barKey(String venue, String symbol, String interval) {
        return venue + '#' + symbol + '#' + interval;
    }
}
