package io.baseplate.itests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client over a plain {@link Socket} that writes exactly the bytes it is given, so a
 * test can send what no well-behaved client library would (bad framing, bad versions, NUL bytes,
 * unnormalised paths), and reads back at most one final response. {@code java.net.http} refuses or
 * rewrites most of those requests.
 *
 * <p>The request is written on a separate thread while the response is read, so an answer the server
 * sends before it has read the whole body (a 413, say) is seen even if it then resets the connection.
 */
final class RawHttp implements AutoCloseable {

    /** Response bodies are kept up to this size; the rest is read and dropped. */
    private static final int MAX_KEPT_BODY = 4 * 1024 * 1024;
    private static final int MAX_LINE = 256 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");

    /** A response as it arrived; {@code complete} is false when the body was cut short. */
    record Response(String statusLine, int status, Map<String, List<String>> headers, byte[] body, boolean complete) {

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What came back for one request: a response, or else why there was none. */
    record Outcome(Response response, String noResponse) {
    }

    private final InetSocketAddress server;
    private final int readTimeoutMillis;
    private final ExecutorService writers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "raw-http-writer");
        thread.setDaemon(true);
        return thread;
    });

    RawHttp(int port, Duration readTimeout) {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /**
     * A well-formed request: the request line, {@code Host}, the given header lines,
     * {@code Connection: close}, and {@code Content-Length} when there is a body.
     */
    static byte[] request(String method, String target, String host, List<String> headerLines, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.UTF_8), body == null ? new byte[0] : body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Sends {@code request} on a new connection and reads one final response (1xx interim answers
     * other than 101 are skipped).
     *
     * @param closeOutput  half-close the connection once the bytes are written, as a client that
     *                     gives up mid-request does
     * @param headRequest  the response to a HEAD has no body whatever its headers say
     */
    Outcome exchange(byte[] request, boolean closeOutput, boolean headRequest) {
        try (Socket socket = new Socket()) {
            socket.connect(server, Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            socket.setSoTimeout(readTimeoutMillis);
            writers.submit(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    if (closeOutput) {
                        socket.shutdownOutput();
                    }
                } catch (IOException stoppedByServer) {
                    // The server may answer and close before reading everything; the reader sees what it sent.
                }
                return null;
            });
            return read(socket.getInputStream(), headRequest);
        } catch (IOException e) {
            return new Outcome(null, "could not connect: " + e);
        }
    }

    private Outcome read(InputStream socketIn, boolean headRequest) {
        InputStream in = new BufferedInputStream(socketIn);
        String statusLine;
        try {
            statusLine = readLine(in);
        } catch (SocketTimeoutException e) {
            return new Outcome(null, "no bytes within " + readTimeoutMillis + " ms");
        } catch (EOFException e) {
            return new Outcome(null, "connection closed without a response");
        } catch (IOException e) {
            return new Outcome(null, "connection failed without a response: " + e.getMessage());
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 0;
        boolean complete = false;
        try {
            while (true) {
                Matcher matcher = STATUS_LINE.matcher(statusLine);
                status = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
                headers.clear();
                if (status == 0) {
                    // Not HTTP at all: keep what arrived as the body, for the report.
                    body.writeBytes(statusLine.getBytes(StandardCharsets.ISO_8859_1));
                    readToEnd(in, body);
                    complete = true;
                    break;
                }
                readHeaders(in, headers);
                if (status >= 100 && status < 200 && status != 101) {
                    statusLine = readLine(in);
                    continue;
                }
                readBody(in, headRequest, status, headers, body);
                complete = true;
                break;
            }
        } catch (IOException | NumberFormatException cutShortOrUnframed) {
            // Whatever arrived is kept, marked incomplete.
        }
        return new Outcome(new Response(statusLine, status, headers, body.toByteArray(), complete), null);
    }

    private static void readHeaders(InputStream in, Map<String, List<String>> headers) throws IOException {
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).trim();
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    private static void readBody(InputStream in, boolean headRequest, int status, Map<String, List<String>> headers,
                                 ByteArrayOutputStream body) throws IOException {
        String contentType = first(headers, "Content-Type").toLowerCase(Locale.ROOT);
        if (headRequest || status == 101 || status == 204 || status == 304 || contentType.startsWith("text/event-stream")) {
            // No body, or an open-ended stream whose headers are all this client needs.
            return;
        }
        if (first(headers, "Transfer-Encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            readChunked(in, body);
        } else if (!first(headers, "Content-Length").isEmpty()) {
            readExactly(in, Long.parseLong(first(headers, "Content-Length").trim()), body);
        } else {
            readToEnd(in, body);
        }
    }

    private static void readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(in); !trailer.isEmpty(); trailer = readLine(in)) {
                    // trailers are not looked at
                }
                return;
            }
            readExactly(in, size, body);
            readLine(in);
        }
    }

    private static void readExactly(InputStream in, long length, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            keep(body, buffer, read);
            left -= read;
        }
    }

    private static void readToEnd(InputStream in, ByteArrayOutputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            keep(body, buffer, read);
        }
    }

    private static void keep(ByteArrayOutputStream body, byte[] buffer, int read) {
        int room = MAX_KEPT_BODY - body.size();
        if (room > 0) {
            body.write(buffer, 0, Math.min(room, read));
        }
    }

    /** One line without its CR LF, read as ISO-8859-1 so that any byte survives. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new EOFException();
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }
}
