package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemException;

class BoundedBodyStreamTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws IOException {
        byte[] body = new byte[1_000];
        Arrays.fill(body, (byte) 'a');
        try (InputStream stream = new BoundedBodyStream(new ByteArrayInputStream(body), body.length, 1_000, GENEROUS)) {
            assertArrayEquals(body, stream.readAllBytes());
        }
    }

    @Test
    void aBodyIsWhollyReadAtItsDeclaredLengthOrItsEndAndNotBefore() throws IOException {
        byte[] body = "{\"amount\": 100}".getBytes(StandardCharsets.UTF_8);
        BoundedBodyStream declared = new BoundedBodyStream(new ByteArrayInputStream(body), body.length, 1_000, GENEROUS);
        assertEquals(4, declared.read(new byte[4], 0, 4));
        assertFalse(declared.wholeBodyRead());
        // A JSON reader stops at the closing brace, without asking for the end of the stream.
        declared.read(new byte[body.length], 0, body.length - 4);
        assertTrue(declared.wholeBodyRead());

        BoundedBodyStream chunked = new BoundedBodyStream(new ByteArrayInputStream(body), -1, 1_000, GENEROUS);
        chunked.read(new byte[body.length], 0, body.length);
        assertFalse(chunked.wholeBodyRead());
        assertEquals(-1, chunked.read());
        assertTrue(chunked.wholeBodyRead());
    }

    @Test
    void aBodyGrowingPastTheLimitIs413AsSoonAsItPassesIt() {
        EndlessBody source = new EndlessBody(Duration.ZERO);
        InputStream stream = new BoundedBodyStream(source, -1, 1_000, GENEROUS);
        Problem problem = problemOf(assertThrows(ProblemException.class, stream::readAllBytes));
        assertEquals(413, problem.status());
        assertEquals("The request body must be at most 1000 bytes", problem.detail());
        assertTrue(source.served <= 1_000 + EndlessBody.CHUNK, "read " + source.served + " bytes");
    }

    @Test
    void singleByteReadsAndSkipsCountTowardsTheLimit() throws IOException {
        InputStream stream = new BoundedBodyStream(new EndlessBody(Duration.ZERO), -1, 10, GENEROUS);
        assertEquals(5, stream.skip(5));
        for (int i = 0; i < 5; i++) {
            assertEquals('a', stream.read());
        }
        assertEquals(413, problemOf(assertThrows(ProblemException.class, stream::read)).status());
    }

    @Test
    void aBodyArrivingTooSlowlyIs408() {
        InputStream stream = new BoundedBodyStream(new EndlessBody(Duration.ofMillis(20)), -1, 1_000_000, Duration.ofMillis(60));
        long start = System.nanoTime();
        Problem problem = problemOf(assertThrows(ProblemException.class, stream::readAllBytes));
        assertEquals(408, problem.status());
        assertEquals("The request body must arrive within 60 ms", problem.detail());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000);
    }

    @Test
    void aBodyThatCannotBeReadIs400() {
        // An aborted upload, a malformed chunk, and the HTTP server's unchecked "bad message".
        List<Exception> failures = List.of(new EOFException("Early EOF"), new IOException("bad chunk"),
                new IllegalStateException("bad message"));
        for (Exception failure : failures) {
            InputStream stream = new BoundedBodyStream(failingWith(failure), -1, 1_000, GENEROUS);
            Problem problem = problemOf(assertThrows(ProblemException.class, () -> stream.read(new byte[10])));
            assertEquals(Problem.of(400, "Bad Request", "The request body could not be read"), problem, failure.toString());
        }
    }

    private static InputStream failingWith(Exception failure) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    private static Problem problemOf(ProblemException e) {
        return (Problem) e.getResponse().getEntity();
    }

    /** A chunked upload that never ends: {@value #CHUNK} bytes per read, optionally after a pause. */
    private static final class EndlessBody extends InputStream {

        static final int CHUNK = 100;
        private final Duration pause;
        long served;

        EndlessBody(Duration pause) {
            this.pause = pause;
        }

        @Override
        public int read() {
            pause();
            served++;
            return 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            pause();
            int n = Math.min(length, CHUNK);
            Arrays.fill(buffer, offset, offset + n, (byte) 'a');
            served += n;
            return n;
        }

        private void pause() {
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
