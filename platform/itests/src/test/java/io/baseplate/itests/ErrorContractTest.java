package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

import io.baseplate.api.rest.ProblemTypes;

/** The rules {@link HostileInputIT} applies, tried on answers known to keep or break them. */
public class ErrorContractTest {

    private static final String KEY = "bpk_secret_key_of_the_test_0123456789";
    private final ErrorContract contract = new ErrorContract(List.of(KEY));

    @Test
    public void aProblemThatNamesOnlyTheCallersMistakeKeepsTheRules() {
        assertEquals(List.of(), contract.breaches(answer(404, "application/problem+json",
                "{\"type\":\"" + ProblemTypes.NOT_FOUND + "\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"No payment with id 'x'\"}"), false));
    }

    @Test
    public void aTypeThatIsNotTheStatussStableUriIsReported() {
        assertEquals(List.of("problem fields: 'type' is not a problem type of status 400"),
                contract.breaches(answer(400, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"amount: is required\"}"), false));
        assertEquals(List.of("problem fields: 'type' is not a problem type of status 429"),
                contract.breaches(answer(429, "application/problem+json", "{\"type\":\"" + ProblemTypes.INVALID_REQUEST
                        + "\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"Slow down\"}"), false));
    }

    @Test
    public void aSuspendedTenantsProblemIsA403Type() {
        assertEquals(List.of(), contract.breaches(answer(403, "application/problem+json", "{\"type\":\""
                + ProblemTypes.TENANT_SUSPENDED + "\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"Suspended\"}"), false));
    }

    @Test
    public void successesAndHeadErrorsAreNotCheckedForABody() {
        assertEquals(List.of(), contract.breaches(answer(200, "application/json", "{\"status\":\"UP\"}"), false));
        assertEquals(List.of(), contract.breaches(answer(405, "application/problem+json; charset=UTF-8", ""), true));
    }

    @Test
    public void anHtmlErrorPageIsNeitherAProblemNorJson() {
        assertEquals(List.of("error is not application/problem+json", "error body is not a JSON object"),
                contract.breaches(answer(400, "text/html;charset=iso-8859-1", "<html><body>HTTP ERROR 400 Bad URI</body></html>"), false));
    }

    @Test
    public void missingFieldsAndAStatusThatDisagreesAreReported() {
        assertEquals(List.of("problem fields: 'type' is not a string, 'detail' is not a string, 'status' is not the number 400"),
                contract.breaches(answer(400, "application/problem+json", "{\"title\":\"Bad Request\",\"status\":\"400\"}"), false));
    }

    @Test
    public void jacksonMessagesNamingTypesAreLeaks() {
        List<String> breaches = contract.breaches(answer(400, "application/problem+json",
                "{\"type\":\"" + ProblemTypes.INVALID_REQUEST + "\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"Malformed JSON body: Cannot deserialize value of type "
                + "`io.baseplate.payments.internal.PaymentsResource$PaymentRequest` from Array value\"}"), false);

        assertEquals(List.of("problem names a Java package", "problem names Jackson", "problem backtick-quoted name",
                "problem inner-class name"), breaches);
    }

    @Test
    public void stackTracesSqlAndExceptionNamesInAPlainBodyAreLeaks() {
        List<String> breaches = contract.breaches(answer(500, "text/plain",
                "org.h2.jdbc.JdbcSQLException: SQLState 23505\n\tat org.h2.Foo.bar(Foo.java:12)"), false);

        assertTrue(breaches.toString(), breaches.containsAll(List.of("body names a Java package", "body names an exception",
                "body SQL fragment", "body stack-trace line")));
    }

    @Test
    public void aLibraryConstraintsClassIsNotTakenForSql() {
        List<String> breaches = contract.breaches(answer(400, "application/problem+json",
                "{\"type\":\"" + ProblemTypes.INVALID_REQUEST + "\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"Depth exceeds 1000, from StreamReadConstraints.getMaxNestingDepth()\"}"), false);

        assertFalse(breaches.toString(), breaches.contains("problem SQL fragment"));
    }

    @Test
    public void anEchoedKeyIsReportedWhateverTheStatus() {
        assertEquals(List.of("echoes an API key"),
                contract.breaches(answer(200, "message/http", "TRACE / HTTP/1.1\r\nX-Api-Key: " + KEY + "\r\n"), false));
    }

    @Test
    public void aReasonPhraseCarryingAnExceptionIsALeak() {
        RawHttp.Response response = new RawHttp.Response("HTTP/1.1 400 java.lang.IllegalArgumentException", 400,
                headers("application/problem+json"), "{}".getBytes(StandardCharsets.UTF_8), true);

        assertTrue(contract.breaches(response, true).contains("reason phrase names an exception"));
    }

    private static RawHttp.Response answer(int status, String contentType, String body) {
        return new RawHttp.Response("HTTP/1.1 " + status + " Whatever", status, headers(contentType),
                body.getBytes(StandardCharsets.UTF_8), true);
    }

    private static Map<String, List<String>> headers(String contentType) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of(contentType));
        return headers;
    }
}
