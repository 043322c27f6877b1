package io.marketpipe.ingest.feed;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket server on 127.0.0.1 that completes the opening handshake and then never reads again:
 * a peer that will not answer a close handshake. Given a size, it then starts one text message that
 * claims that many payload bytes and sends its first 64 KiB (a peer that would make a client
 * without a bound buffer a gigabyte).
 */
final class SilentWebSocketPeer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern KEY = Pattern.compile("(?i)Sec-WebSocket-Key:\\s*(\\S+)");

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private final long claimedMessageBytes;

    SilentWebSocketPeer() throws IOException {
        this(0);
    }

    SilentWebSocketPeer(long claimedMessageBytes) throws IOException {
        this.claimedMessageBytes = claimedMessageBytes;
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "silent-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                Matcher key = KEY.matcher(readRequest(socket.getInputStream()));
                if (!key.find()) {
                    socket.close();
                    continue;
                }
                byte[] sha1 =
                        MessageDigest.getInstance("SHA-1")
                                .digest((key.group(1) + GUID).getBytes(US_ASCII));
                String response =
                        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                                + Base64.getEncoder().encodeToString(sha1)
                                + "\r\n\r\n";
                socket.getOutputStream().write(response.getBytes(US_ASCII));
                if (claimedMessageBytes > 0) {
                    socket.getOutputStream().write(hugeTextFrameStart(claimedMessageBytes));
                }
                socket.getOutputStream().flush();
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                return; // closed
            }
        }
    }

    /** A final text frame's header with a 64-bit length, then 64 KiB of its payload. */
    private static byte[] hugeTextFrameStart(long length) {
        byte[] out = new byte[10 + 65_536];
        out[0] = (byte) 0x81;
        out[1] = 127;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        java.util.Arrays.fill(out, 10, out.length, (byte) 'x');
        return out;
    }

    private static String readRequest(InputStream in) throws IOException {
        StringBuilder request = new StringBuilder();
        while (request.length() < 16_384 && request.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            request.append((char) b);
        }
        return request.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
