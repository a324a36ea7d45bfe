package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

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
        FakeContext context = new FakeContext("1000000", untouchable);
        ProblemException e = assertThrows(ProblemException.class, () -> limit.aroundReadFrom(context.proxy()));
        assertEquals(413, e.getResponse().getStatus());
    }

    @Test
    void anUndeclaredLengthIsCountedAsTheBodyIsRead() {
        FakeContext context = new FakeContext(null, body("{\"name\": \"far too long\"}"));
        ProblemException e = assertThrows(ProblemException.class, () -> limit.aroundReadFrom(context.proxy()));
        assertEquals(413, e.getResponse().getStatus());
    }

    @Test
    void aBodyWithinTheLimitIsPassedOn() throws IOException {
        FakeContext context = new FakeContext("13", body("{\"name\": \"a\"}"));
        assertEquals("{\"name\": \"a\"}", limit.aroundReadFrom(context.proxy()));
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a reader context the limit uses; proceed() reads the body as a message body reader would. */
    private static final class FakeContext {

        private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        private InputStream stream;

        FakeContext(String contentLength, InputStream stream) {
            if (contentLength != null) {
                headers.putSingle(HttpHeaders.CONTENT_LENGTH, contentLength);
            }
            this.stream = stream;
        }

        ReaderInterceptorContext proxy() {
            return (ReaderInterceptorContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ReaderInterceptorContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaders" -> headers;
                        case "getInputStream" -> stream;
                        case "setInputStream" -> {
                            stream = (InputStream) args[0];
                            yield null;
                        }
                        case "proceed" -> new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
