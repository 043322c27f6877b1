package io.marketpipe.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads Managed Flink's runtime-properties shape from a local JSON file: {@code
 * [{"PropertyGroupId": "...", "PropertyMap": {"key": "value"}}]}.
 */
public final class PropertyGroupsFile {
    private PropertyGroupsFile() {}

    public static Map<String, Properties> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(
                    file + ": expected a JSON array of {PropertyGroupId, PropertyMap}");
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        for (JsonNode group : root) {
            JsonNode id = group.get("PropertyGroupId");
            JsonNode map = group.get("PropertyMap");
            if (id == null || !id.isTextual() || map == null || !map.isObject()) {
                throw new IOException(
                        file
                                + ": every entry needs a PropertyGroupId string and a PropertyMap object");
            }
            Properties props = groups.computeIfAbsent(id.asText(), k -> new Properties());
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                props.setProperty(e.getKey(), e.getValue().asText());
            }
        }
        return groups;
    }
}
