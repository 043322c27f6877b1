package io.marketpipe.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Linux's socket tables to tell which local addresses listen on a TCP port (no traffic sent).
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    static List<String> localAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.trim().split("\\s+");
                String[] local = cols[1].split(":");
                if (cols[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(decode(local[0]));
                }
            }
        }
        return addresses;
    }

    /** /proc prints IPv4 as 8 hex digits, little-endian; IPv6 as 32. */
    private static String decode(String hex) {
        if (hex.length() == 8) {
            StringBuilder ip = new StringBuilder();
            for (int i = 3; i >= 0; i--) {
                ip.append(Integer.parseInt(hex.substring(i * 2, i * 2 + 2), 16));
                if (i > 0) {
                    ip.append('.');
                }
            }
            return ip.toString();
        }
        if (hex.equals("0000000000000000FFFF00000100007F")) {
            return "127.0.0.1";
        }
        return hex.equals("00000000000000000000000001000000") ? "::1" : "[" + hex + "]";
    }
}
