package io.baseplate.bench.baseline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Bounds request bodies at 64 KiB like the platform's RequestBodyLimit: a declared Content-Length
 * over the limit is 413 before anything is read, a longer chunked body 413 as it grows past it.
 * (The platform also enforces a body read deadline; this does not.)
 */
@PreMatching
public class RequestBodyLimit implements ContainerRequestFilter {

    static final long MAX_BYTES = 65_536;

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // The HTTP server has already rejected malformed lengths.
            }
        }
        request.setEntityStream(new Bounded(request.getEntityStream()));
    }

    private static Problems.ProblemException tooLarge() {
        return new Problems.ProblemException(413, "Content Too Large",
                "The request body must be at most " + MAX_BYTES + " bytes");
    }

    private static final class Bounded extends FilterInputStream {

        private long bytesRead;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            bytesRead += n;
            if (bytesRead > MAX_BYTES) {
                throw tooLarge();
            }
        }
    }
}
