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

    /** Writes {@code groups} in the same shape, for {@code --config}. */
    public static void write(Path file, Map<String, Properties> groups) throws IOException {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode root = json.createArrayNode();
        groups.forEach(
                (id, props) -> {
                    com.fasterxml.jackson.databind.node.ObjectNode group = root.addObject();
                    group.put("PropertyGroupId", id);
                    com.fasterxml.jackson.databind.node.ObjectNode map =
                            group.putObject("PropertyMap");
                    new java.util.TreeSet<>(props.stringPropertyNames())
                            .forEach(k -> map.put(k, props.getProperty(k)));
                });
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

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
