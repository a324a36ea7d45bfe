package io.baseplate.rest.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import jakarta.ws.rs.WebApplicationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.rest.ProblemException;

/**
 * A request body as the application reads it: at most {@code maxBytes}, all of it within
 * {@code readTimeout} of the request reaching Jakarta REST. Breaking either rule, or any failure of the
 * underlying stream, ends the request with a problem thrown from {@code read}, which Jackson and
 * Jakarta REST pass on to the exception mappers.
 */
final class BoundedBodyStream extends FilterInputStream {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedBodyStream.class);

    private final long maxBytes;
    private final Duration readTimeout;
    private final long deadlineNanos;
    private final long declaredLength;
    private long bytesRead;
    private boolean reachedEnd;

    BoundedBodyStream(InputStream body, long declaredLength, long maxBytes, Duration readTimeout) {
        super(body);
        this.declaredLength = declaredLength;
        this.maxBytes = maxBytes;
        this.readTimeout = readTimeout;
        this.deadlineNanos = System.nanoTime() + readTimeout.toNanos();
    }

    static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(413, "Content Too Large", "The request body must be at most " + maxBytes + " bytes");
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        int b;
        try {
            b = in.read();
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        if (b >= 0) {
            count(1);
        } else {
            reachedEnd = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkDeadline();
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        if (n > 0) {
            count(n);
        } else if (n < 0) {
            reachedEnd = true;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        checkDeadline();
        long skipped;
        try {
            skipped = in.skip(n);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        count(skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** No mark and reset: bytes read again would be counted twice. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // Unsupported, see markSupported.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Whether the application took the whole body (a JSON reader may stop at the last byte without seeing the end). */
    boolean wholeBodyRead() {
        return reachedEnd || declaredLength >= 0 && bytesRead >= declaredLength;
    }

    private void count(long n) {
        bytesRead += n;
        if (bytesRead > maxBytes) {
            throw tooLarge(maxBytes);
        }
    }

    /** A read already blocked cannot be interrupted here; the HTTP server's idle timeout covers that. */
    private void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new ProblemException(408, "Request Timeout",
                    "The request body must arrive within " + readTimeout.toMillis() + " ms");
        }
    }

    /**
     * A body that cannot be read (the client went away, broke the chunked encoding, or the server
     * rejected the message) is the client's doing: one line at DEBUG, no stack trace.
     */
    private static RuntimeException unreadable(Exception e) {
        if (e instanceof WebApplicationException problem) {
            return problem;
        }
        LOG.debug("Request body could not be read after a client error: {}", e.toString());
        return ProblemException.badRequest(ProblemMappers.UNREADABLE_BODY);
    }
}
