package io.marketpipe.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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

    /** A port that was free on 127.0.0.1 a moment ago (for tests and for auxiliary ports). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("no free loopback port: " + e.getMessage(), e);
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
