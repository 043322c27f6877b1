package io.marketpipe.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks. */
public final class Ports {
    private Ports() {}

    /**
     * Fails with a one-line message if {@code port} on 127.0.0.1 is taken. Connections of a run
     * that just ended (TIME_WAIT) do not count: the servers bind with SO_REUSEADDR too, and only a
     * listener holds the port for them.
     */
    public static void requireFree(int port, String service, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StackException(
                    String.format(
                            "port %d for %s is already in use on 127.0.0.1: stop what holds it"
                                    + " (ss -ltnp 'sport = :%d') or choose another with %s",
                            port, service, port, option));
        }
    }

    /** Ports this JVM handed out: two services of one stack never get the same one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free on 127.0.0.1 a moment ago (for tests and for auxiliary ports), below the
     * kernel's ephemeral range: a port the kernel picks for some outgoing connection between this
     * check and the server's bind would otherwise fail the start ("Address already in use").
     */
    public static int freePort() {
        int below = ephemeralRangeStart();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200 && below > LOWEST + 100; attempt++) {
            int port = LOWEST + random.nextInt(below - LOWEST);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("no free loopback port: " + e.getMessage(), e);
        }
    }

    /** Lowest port {@link #freePort} picks: above the well-known and common fixed ports. */
    private static final int LOWEST = 20_000;

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of Linux's ephemeral range (32768 by default, and where it is unknown). */
    private static int ephemeralRangeStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            String[] bounds = Files.readString(range).trim().split("\\s+");
            return Integer.parseInt(bounds[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
