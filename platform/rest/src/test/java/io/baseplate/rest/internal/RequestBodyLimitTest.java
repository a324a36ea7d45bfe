package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.junit.jupiter.api.Test;

import io.baseplate.api.rest.ProblemException;

class RequestBodyLimitTest {

    private final RequestBodyLimit limit = new RequestBodyLimit();

    RequestBodyLimitTest() {
        limit.configure(new RequestBodyLimit.Config() {
            @Override
            public long maxBytes() {
                return 16;
            }

            @Override
            public long readTimeoutMillis() {
                return 10_000;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return RequestBodyLimit.Config.class;
            }
        });
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAnythingIsRead() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        FakeRequest request = new FakeRequest("1000000", untouchable);
        ProblemException e = assertThrows(ProblemException.class, () -> limit.filter(request.proxy()));
        assertEquals(413, e.getResponse().getStatus());
    }

    @Test
    void anUndeclaredLengthIsCountedAsTheBodyIsRead() {
        FakeRequest request = new FakeRequest(null, body("{\"name\": \"far too long\"}"));
        limit.filter(request.proxy());
        ProblemException e = assertThrows(ProblemException.class, request::readBody);
        assertEquals(413, e.getResponse().getStatus());
    }

    @Test
    void aBodyWithinTheLimitIsPassedOn() throws IOException {
        FakeRequest request = new FakeRequest("13", body("{\"name\": \"a\"}"));
        limit.filter(request.proxy());
        assertEquals("{\"name\": \"a\"}", request.readBody());
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a request the limit uses. */
    private static final class FakeRequest {

        private final String contentLength;
        private InputStream stream;

        FakeRequest(String contentLength, InputStream stream) {
            this.contentLength = contentLength;
            this.stream = stream;
        }

        /** Reads the body as a message body reader would, after the filter. */
        String readBody() throws IOException {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }

        ContainerRequestContext proxy() {
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaderString" -> HttpHeaders.CONTENT_LENGTH.equals(args[0]) ? contentLength : null;
                        case "getEntityStream" -> stream;
                        case "setEntityStream" -> {
                            stream = (InputStream) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
