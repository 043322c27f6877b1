package io.marketpipe.job.decode;

/** The symbol rule, {@code [A-Z0-9]{2,20}}, without a regex matcher per trade. */
final class Symbols {
    private Symbols() {}

    static boolean valid(String symbol) {
        int n = symbol.length();
        if (n < 2 || n > 20) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = symbol.charAt(i);
            if ((c < 'A' || c > 'Z') && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
