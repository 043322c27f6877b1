package io.marketpipe.job.bars;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bar interval such as {@code 1s}, {@code 1m}, {@code 5m}, {@code 1h}: its name is its lake table
 * suffix.
 */
public final class BarInterval implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern FORMAT = Pattern.compile("(\\d+)([smhd])");

    private final String name;
    private final long millis;

    private BarInterval(String name, long millis) {
        this.name = name;
        this.millis = millis;
    }

    public static BarInterval parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = FORMAT.matcher(name);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(
                    "bar interval \"" + text + "\" is not like 1s, 1m, 5m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        Duration unit;
        switch (m.group(2)) {
            case "s":
                unit = Duration.ofSeconds(1);
                break;
            case "m":
                unit = Duration.ofMinutes(1);
                break;
            case "h":
                unit = Duration.ofHours(1);
                break;
            default:
                unit = Duration.ofDays(1);
        }
        return new BarInterval(name, unit.multipliedBy(n).toMillis());
    }

    public String name() {
        return name;
    }

    public long millis() {
        return millis;
    }

    /** The lake table and operator-uid suffix: {@code bars_1m}. */
    public String table() {
        return "bars_" + name;
    }

    @Override
    public String toString() {
        return name;
    }
}
