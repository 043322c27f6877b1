package io.marketpipe.launcher;

import io.marketpipe.job.config.JobConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code --sweep 'ID.KEY=V1,V2,...'}: every combination of the swept values becomes its own
 * strategy instance, {@code ID@KEY=V1;KEY2=W1}, with the rest of ID's parameters. Instances are
 * just keys, so one replay runs them all.
 */
final class StrategySweeps {
    private StrategySweeps() {}

    /** The {@code strategies} group with each swept id replaced by its grid. */
    static Properties apply(Properties strategies, List<String> sweeps) {
        if (sweeps.isEmpty()) {
            return strategies;
        }
        List<String> ids = new ArrayList<>();
        for (String id : strategies.getProperty("ids", "").split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        Map<String, Map<String, List<String>>> grids = new LinkedHashMap<>();
        for (String sweep : sweeps) {
            int eq = sweep.indexOf('=');
            String key = eq < 0 ? "" : sweep.substring(0, eq).trim();
            String id = longestIdPrefix(ids, key);
            if (eq < 0 || id == null || key.length() <= id.length() + 1) {
                throw new Args.UsageException(
                        "--sweep \"" + sweep + "\" is not ID.KEY=V1,V2,... for an id of " + ids);
            }
            List<String> values = new ArrayList<>();
            for (String v : sweep.substring(eq + 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            if (values.isEmpty()) {
                throw new Args.UsageException("--sweep \"" + sweep + "\" lists no value");
            }
            grids.computeIfAbsent(id, k -> new LinkedHashMap<>())
                    .put(key.substring(id.length() + 1), values);
        }
        Properties out = new Properties();
        List<String> newIds = new ArrayList<>();
        for (String id : ids) {
            Map<String, List<String>> grid = grids.get(id);
            if (grid == null) {
                newIds.add(id);
                copy(strategies, ids, id, id, out);
                continue;
            }
            for (Map<String, String> combination : combinations(grid)) {
                StringBuilder name = new StringBuilder(id).append('@');
                combination.forEach(
                        (param, value) ->
                                name.append(name.charAt(name.length() - 1) == '@' ? "" : ";")
                                        .append(param)
                                        .append('=')
                                        .append(value));
                String instance = name.toString();
                newIds.add(instance);
                copy(strategies, ids, id, instance, out);
                combination.forEach(
                        (param, value) -> out.setProperty(instance + "." + param, value));
            }
        }
        for (String key : strategies.stringPropertyNames()) {
            if (!key.equals("ids") && longestIdPrefix(ids, key) == null) {
                out.setProperty(key, strategies.getProperty(key)); // group-wide keys
            }
        }
        out.setProperty("ids", String.join(",", newIds));
        return out;
    }

    private static void copy(
            Properties from, List<String> ids, String id, String as, Properties to) {
        for (String key : from.stringPropertyNames()) {
            if (id.equals(longestIdPrefix(ids, key))) {
                to.setProperty(as + key.substring(id.length()), from.getProperty(key));
            }
        }
    }

    private static List<Map<String, String>> combinations(Map<String, List<String>> grid) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        grid.forEach(
                (param, values) -> {
                    List<Map<String, String>> next = new ArrayList<>();
                    for (Map<String, String> combo : combos) {
                        for (String value : values) {
                            Map<String, String> extended = new LinkedHashMap<>(combo);
                            extended.put(param, value);
                            next.add(extended);
                        }
                    }
                    combos.clear();
                    combos.addAll(next);
                });
        return combos;
    }

    private static String longestIdPrefix(List<String> ids, String key) {
        String best = null;
        for (String id : ids) {
            if (key.startsWith(id + ".") && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        return best;
    }

    /** The bar intervals the strategies need, for {@code bars / intervals} when none is given. */
    static String intervals(Properties strategies) {
        List<String> intervals = new ArrayList<>();
        for (String id : strategies.getProperty("ids", "").split(",")) {
            if (!id.isBlank()) {
                String interval = strategies.getProperty(id.trim() + ".interval", "1m").trim();
                if (!intervals.contains(interval)) {
                    intervals.add(interval);
                }
            }
        }
        return intervals.isEmpty() ? "1m" : String.join(",", intervals);
    }

    static Properties group(Map<String, Properties> groups) {
        return groups.getOrDefault(JobConfig.STRATEGIES, new Properties());
    }
}
