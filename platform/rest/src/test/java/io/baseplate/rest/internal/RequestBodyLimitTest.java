package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

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
        request.headers.put("Transfer-Encoding", "chunked");
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

    @Test
    void aResponseToARequestWhoseBodyWasLeftUnreadClosesTheConnection() throws IOException {
        FakeRequest refused = new FakeRequest("13", body("{\"name\": \"a\"}"));
        limit.filter(refused.proxy());
        assertEquals("close", connectionHeaderAfter(refused));

        FakeRequest served = new FakeRequest("13", body("{\"name\": \"a\"}"));
        limit.filter(served.proxy());
        served.readBody();
        assertNull(connectionHeaderAfter(served));

        FakeRequest withoutBody = new FakeRequest(null, body(""));
        limit.filter(withoutBody.proxy());
        assertNull(connectionHeaderAfter(withoutBody));
    }

    private String connectionHeaderAfter(FakeRequest request) {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        ContainerResponseContext response = (ContainerResponseContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerResponseContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeaders")) {
                        return headers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        limit.filter(request.proxy(), response);
        return (String) headers.getFirst("Connection");
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a request the limit uses. */
    private static final class FakeRequest {

        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, Object> properties = new HashMap<>();
        private InputStream stream;

        FakeRequest(String contentLength, InputStream stream) {
            if (contentLength != null) {
                headers.put(HttpHeaders.CONTENT_LENGTH, contentLength);
            }
            this.stream = stream;
        }

        /** Reads the body as a message body reader would, after the filter. */
        String readBody() throws IOException {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }

        ContainerRequestContext proxy() {
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaderString" -> headers.get((String) args[0]);
                        case "getProperty" -> properties.get((String) args[0]);
                        case "setProperty" -> {
                            properties.put((String) args[0], args[1]);
                            yield null;
                        }
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
