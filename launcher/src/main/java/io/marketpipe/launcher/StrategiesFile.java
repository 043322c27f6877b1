package io.marketpipe.launcher;

import io.marketpipe.job.config.PropertyGroupsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Strategy settings in Managed Flink's property-groups shape: a user's file, or one of the defaults
 * shipped with the launcher ({@code default-strategies.json} for backtests, {@code
 * local-strategies.json} for {@code ./pipeline local}).
 */
final class StrategiesFile {
    static final String BACKTEST_DEFAULTS = "default-strategies.json";
    static final String LOCAL_DEFAULTS = "local-strategies.json";

    private StrategiesFile() {}

    static Map<String, Properties> read(String file, String defaults) throws IOException {
        if (!file.isEmpty()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new Args.UsageException("cannot read --strategies " + file);
            }
            return new LinkedHashMap<>(PropertyGroupsFile.read(path));
        }
        Path copy = Files.createTempFile("strategies", ".json");
        try (InputStream in = StrategiesFile.class.getResourceAsStream("/" + defaults)) {
            if (in == null) {
                throw new IOException("missing " + defaults + " on the classpath");
            }
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return new LinkedHashMap<>(PropertyGroupsFile.read(copy));
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
