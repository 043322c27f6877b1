package io.marketpipe.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exchange that refuses us, as Binance refuses an address in a country it does not serve: every
 * HTTP request on 127.0.0.1, a WebSocket handshake or a REST call alike, is answered with one
 * status (451 by default, or 403) and a JSON body like Binance's, then the connection is closed. It
 * counts the requests, so a test can see that a client does not keep asking.
 */
public final class RefusingExchange implements AutoCloseable {
    private final ServerSocket server;
    private final int status;
    private final AtomicLong requests = new AtomicLong();
    private final Thread acceptor;

    public RefusingExchange(int status) throws IOException {
        if (status != 451 && status != 403) {
            throw new IllegalArgumentException("a refusal is 451 or 403, not " + status);
        }
        this.status = status;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "refusing-exchange");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                readHead(socket.getInputStream());
                requests.incrementAndGet();
                String body =
                        status == 451
                                ? "{\"code\":0,\"msg\":\"Service unavailable from a restricted"
                                        + " location (simulated).\"}"
                                : "{\"code\":-2015,\"msg\":\"Forbidden (simulated).\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(
                        ("HTTP/1.1 "
                                        + status
                                        + (status == 451
                                                ? " Unavailable For Legal Reasons"
                                                : " Forbidden")
                                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                                        + bytes.length
                                        + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // a client that went away, or the server closing: next one
            }
        }
    }

    /** Reads a request's head, up to the blank line (at most 64 KB). */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        for (int n = 0; n < 65_536; n++) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
            if (matched == 4) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
