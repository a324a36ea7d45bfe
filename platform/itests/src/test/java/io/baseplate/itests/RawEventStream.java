package io.baseplate.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /api/v1/events} over a bare socket, for what an HTTP client library hides: a client that
 * never reads, one that vanishes, and whether the server closed the connection.
 */
final class RawEventStream implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int READ_POLL_MILLIS = 200;
    private static final byte[] EMPTY_LINE = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;

    private RawEventStream(Socket socket) {
        this.socket = socket;
    }

    /**
     * Connects and sends the request, reading nothing. {@code receiveBufferSize} (bytes, 0 for the
     * system default) is set before connecting, so the TCP window stays that small.
     */
    static RawEventStream request(int port, String apiKey, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
        socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n" + BaseplateApi.API_KEY + ": " + apiKey + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new RawEventStream(socket);
    }

    /** Opens a stream and reads up to the end of its greeting; fails unless the answer is 200. */
    static RawEventStream open(int port, String apiKey) throws IOException {
        RawEventStream stream = request(port, apiKey, 0);
        String head = stream.readUntil("retry:", Duration.ofSeconds(10));
        if (!head.startsWith("HTTP/1.1 200")) {
            stream.close();
            throw new AssertionError("Event stream answered: " + head);
        }
        return stream;
    }

    /** Reads until {@code marker} has arrived; returns all that was read. */
    String readUntil(String marker, Duration timeout) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(READ_POLL_MILLIS);
        byte[] buffer = new byte[4096];
        while (!received.toString(StandardCharsets.UTF_8).contains(marker)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("No '" + marker + "' within " + timeout + "; got: " + received);
            }
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new AssertionError("Connection closed before '" + marker + "'; got: " + received);
                }
                received.write(buffer, 0, read);
            } catch (SocketTimeoutException nothingYet) {
                // Poll again until the deadline.
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads and discards until the server has closed the connection (end of stream or reset).
     *
     * @return the bytes read until then
     * @throws AssertionError if the connection is still open after {@code timeout}
     */
    long drainUntilClosedByServer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(READ_POLL_MILLIS);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (true) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("The server had not closed the connection after " + timeout + " (" + total + " bytes read)");
            }
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return total;
                }
                total += read;
            } catch (SocketTimeoutException nothingYet) {
                // Nothing to read: an empty line (which HTTP ignores before a request) makes a socket the
                // server has already reset answer with a reset now. A reset sent while this client's
                // receive window was full can be dropped, and the connection would look open for ever.
                try {
                    socket.getOutputStream().write(EMPTY_LINE);
                    socket.getOutputStream().flush();
                } catch (SocketException reset) {
                    return total;
                }
            } catch (SocketException reset) {
                return total;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
