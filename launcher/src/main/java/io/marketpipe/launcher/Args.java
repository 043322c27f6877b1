package io.marketpipe.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options; unknown options are errors, not ignored. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> all = new LinkedHashMap<>();

    Args(String[] argv, Set<String> valued, Set<String> flags) {
        List<String> list = Arrays.asList(argv);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--")) { // the usual convention: everything after it is positional
                positional.addAll(list.subList(i + 1, list.size()));
                break;
            }
            if (!arg.startsWith("--") || containsWhitespace(optionName(arg))) {
                // no option's name has a space or a newline in it: "-- Per-strategy summary\n
                // WITH ..." is SQL that starts with a comment
                positional.add(arg);
                continue;
            }
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (valued.contains(name)) {
                if (inline == null) {
                    if (i + 1 >= list.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    inline = list.get(++i);
                }
                values.put(name, inline);
                all.computeIfAbsent(name, k -> new ArrayList<>()).add(inline);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
    }

    /** What an argument names before any {@code =}: {@code --lake} of {@code --lake=DIR}. */
    private static String optionName(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 ? arg.substring(0, eq) : arg;
    }

    private static boolean containsWhitespace(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            if (Character.isWhitespace(arg.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    List<String> positional() {
        return positional;
    }

    /** Every value of an option given several times, in order. */
    List<String> getAll(String name) {
        return all.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    long getLong(String name, long fallback, long min) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n < min) {
                throw new UsageException(name + " must be >= " + min + ", was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, was " + value);
        }
    }

    int port(String name, int fallback) {
        long port = getLong(name, fallback, 0);
        if (port > 65_535) {
            throw new UsageException(name + " must be a port (0-65535), was " + port);
        }
        return (int) port;
    }

    /** A bad command line: the message is shown with the usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
