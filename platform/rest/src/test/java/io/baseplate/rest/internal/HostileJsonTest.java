package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.baseplate.api.rest.Problem;

/** Hostile request bodies through the real JSON provider and exception mappers. */
class HostileJsonTest {

    /** What a problem detail must never contain: Java or library names, feature names, SQL. */
    private static final Pattern INTERNALS = Pattern.compile(
            "java\\.|io\\.baseplate|com\\.fasterxml|jackson|Cannot deserialize|`|\\$|Exception|SQL|FAIL_ON|Feature",
            Pattern.CASE_INSENSITIVE);

    enum Kind { CARD, BANK }

    record Item(int quantity) {
    }

    record Address(String city, Long number) {
    }

    record Body(Long amount, String currency, Boolean capture, List<Item> items, Address billing, Instant at,
                Kind kind, JsonNode metadata) {
    }

    static Stream<Arguments> hostileBodies() {
        String deep = "[".repeat(1_500) + "]".repeat(1_500);
        return Stream.of(
                // integers only: no fractions, exponents, strings or booleans
                Arguments.of("{\"amount\": 49.99}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": 1.0}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": \"100\"}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": \" 100 \"}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": \"\"}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": 1.5e2}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": 1e2}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": true}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": [1]}", "Field 'amount' must be an integer"),
                Arguments.of("{\"amount\": {\"value\": 1}}", "Field 'amount' must be an integer"),
                // out of range
                Arguments.of("{\"amount\": 9223372036854775808}", "Field 'amount' is out of range"),
                Arguments.of("{\"amount\": -9223372036854775809}", "Field 'amount' is out of range"),
                Arguments.of("{\"amount\": 123456789012345678901234567890}", "Field 'amount' is out of range"),
                Arguments.of("{\"items\": [{\"quantity\": 3000000000}]}", "Field 'items[0].quantity' is out of range"),
                // no coercion to or from strings and booleans
                Arguments.of("{\"currency\": 123}", "Field 'currency' must be a string"),
                Arguments.of("{\"currency\": 1.5}", "Field 'currency' must be a string"),
                Arguments.of("{\"currency\": false}", "Field 'currency' must be a string"),
                Arguments.of("{\"currency\": [\"USD\"]}", "Field 'currency' must be a string"),
                Arguments.of("{\"currency\": {\"code\": \"USD\"}}", "Field 'currency' must be a string"),
                Arguments.of("{\"capture\": \"true\"}", "Field 'capture' must be true or false"),
                Arguments.of("{\"capture\": 1}", "Field 'capture' must be true or false"),
                Arguments.of("{\"kind\": \"CHEQUE\"}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                Arguments.of("{\"kind\": 0}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                // enum values by their exact name only: no trimming, no control characters, no other case
                Arguments.of("{\"kind\": \" CARD \"}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                Arguments.of("{\"kind\": \"CARD\\u0000\"}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                Arguments.of("{\"kind\": \"card\"}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                Arguments.of("{\"kind\": \"\"}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                Arguments.of("{\"kind\": true}", "Field 'kind' must be one of 'CARD', 'BANK'"),
                Arguments.of("{\"at\": \"yesterday\"}", "Field 'at' must be an ISO-8601 date-time string"),
                // nested paths
                Arguments.of("{\"billing\": {\"number\": \"12\"}}", "Field 'billing.number' must be an integer"),
                Arguments.of("{\"items\": [{\"quantity\": 1}, {\"quantity\": \"2\"}]}",
                        "Field 'items[1].quantity' must be an integer"),
                Arguments.of("{\"items\": [{\"quantity\": null}]}", "Field 'items[0].quantity' must not be null"),
                Arguments.of("{\"items\": {\"quantity\": 1}}", "Field 'items' must be a JSON array"),
                Arguments.of("{\"billing\": \"Main St\"}", "Field 'billing' must be a JSON object"),
                // duplicates and unknown fields
                Arguments.of("{\"amount\": 1, \"amount\": 999999}", "Duplicate field 'amount'"),
                Arguments.of("{\"currency\": \"USD\", \"amount\": 1, \"currency\": \"EUR\"}", "Duplicate field 'currency'"),
                Arguments.of("{\"billing\": {\"city\": \"a\", \"city\": \"b\"}}", "Duplicate field 'billing.city'"),
                Arguments.of("{\"metadata\": {\"a\": 1, \"a\": 2}}", "Duplicate field 'metadata.a'"),
                Arguments.of("{\"amount\": 1, \"x\": 2}", "Unknown field 'x'"),
                Arguments.of("{\"" + "y".repeat(1_000) + "\": 2}", "Unknown field '" + "y".repeat(100) + "...'"),
                Arguments.of("{\"billing\": {\"zip\": \"12345\"}}", "Unknown field 'billing.zip'"),
                Arguments.of("{\"items\": [{\"quantity\": 1, \"price\": 2}]}", "Unknown field 'items[0].price'"),
                // the body as a whole
                Arguments.of("[]", "The request body must be a JSON object"),
                Arguments.of("[{\"amount\": 1}]", "The request body must be a JSON object"),
                Arguments.of("\"amount\"", "The request body must be a JSON object"),
                Arguments.of("42", "The request body must be a JSON object"),
                Arguments.of("", "A JSON request body is required"),
                Arguments.of("  \n ", "A JSON request body is required"),
                Arguments.of("null", "A JSON request body is required"),
                Arguments.of("{\"amount\": 1} {\"amount\": 2}", "Unexpected content after the JSON value at line 1, column 15"),
                Arguments.of("{\"amount\": 1}]", "Malformed JSON at line 1, column 14"),
                Arguments.of("{\"amount\": 1}x", "Malformed JSON at line 1, column 15"),
                // malformed JSON
                Arguments.of("{\"amount\": ", "Malformed JSON: the body ends too early at line 1, column 12"),
                Arguments.of("{\"amount\": 1,\n \"currency\": \"US", "Malformed JSON: the body ends too early at line 2, column 17"),
                Arguments.of("{\"amount\": 01}", "Malformed JSON at line 1, column 13"),
                Arguments.of("{\"amount\": NaN}", "Malformed JSON at line 1, column 15"),
                Arguments.of("{\"amount\": 1,}", "Malformed JSON at line 1, column 14"),
                Arguments.of("{'amount': 1}", "Malformed JSON at line 1, column 2"),
                Arguments.of("{amount: 1}", "Malformed JSON at line 1, column 2"),
                Arguments.of("{\"amount\": 1} // comment", "Malformed JSON at line 1, column 15"),
                Arguments.of("{\"currency\": \"a\tb\"}", "Malformed JSON at line 1, column 16"),
                Arguments.of("{\"metadata\": " + deep + "}",
                        "The JSON body is nested too deeply or holds a value that is too long"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileBodies")
    void hostileBodyIsA400WithAPlainDetail(String body, String expectedDetail) {
        Response response = answerTo(body.getBytes(StandardCharsets.UTF_8));
        Problem problem = (Problem) response.getEntity();
        assertEquals(400, response.getStatus(), problem.detail());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals(expectedDetail, problem.detail());
        assertFalse(INTERNALS.matcher(problem.detail()).find(), problem.detail());
    }

    @Test
    void invalidUtf8IsMalformedJson() {
        byte[] body = {'{', '"', 'c', 'u', 'r', 'r', 'e', 'n', 'c', 'y', '"', ':', '"', (byte) 0xff, '"', '}'};
        Problem problem = (Problem) answerTo(body).getEntity();
        assertEquals(400, problem.status());
        assertFalse(INTERNALS.matcher(problem.detail()).find(), problem.detail());
    }

    @Test
    void strictInputStillReadsAValidBody() throws Exception {
        String json = "{\"amount\": 49900, \"currency\": \"INR\", \"capture\": true, \"items\": [{\"quantity\": 2}],"
                + " \"at\": \"2026-01-02T03:04:05Z\", \"kind\": \"CARD\", \"metadata\": {\"a\": [1, 2.5]}}";
        Object body = read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new Body(49900L, "INR", true, List.of(new Item(2)), null, Instant.parse("2026-01-02T03:04:05Z"),
                Kind.CARD, ((Body) body).metadata()), body);
        assertEquals(2.5, ((Body) body).metadata().path("a").path(1).doubleValue());
    }

    @Test
    void aProblemThrownByTheBodyStreamPassesThroughJackson() {
        // The size limit trips while Jackson is inside a field value, where it wraps what the stream throws.
        String body = "{\"currency\": \"" + "a".repeat(100_000) + "\"}";
        InputStream stream = new BoundedBodyStream(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), -1, 1_000, Duration.ofSeconds(5));
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> read(stream));
        assertEquals(413, e.getResponse().getStatus());
    }

    private static Response answerTo(byte[] body) {
        try {
            read(new ByteArrayInputStream(body));
        } catch (JsonProcessingException e) {
            return new ProblemMappers.MalformedJson().toResponse(e);
        } catch (WebApplicationException e) {
            return new ProblemMappers.HttpErrors().toResponse(e);
        } catch (ProcessingException e) {
            return new ProblemMappers.UnreadableRequest().toResponse(e);
        } catch (Exception e) {
            return new ProblemMappers.Unexpected().toResponse(e);
        }
        throw new AssertionError("the body was accepted");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object read(InputStream body) throws Exception {
        return new JsonProvider().readFrom((Class) Body.class, Body.class, new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), body);
    }
}
