package io.baseplate.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.testkit.BaseplateOptions;

/**
 * Sends well over a thousand hostile requests (every route and unknown ones, every method, four kinds
 * of key, hostile JSON bodies, content types and headers, and raw-socket protocol abuse) and checks
 * every answer against the rules of the API's error contract:
 * <ol>
 *   <li>no 5xx except 503; 501 only for a method the server does not know, 505 only for an HTTP
 *       version it does not speak (RFC 9110 names these statuses for exactly those cases), and they
 *       too must be problems;</li>
 *   <li>every status &ge; 400 is {@code application/problem+json} with a JSON object body holding
 *       {@code type}, {@code title} and {@code detail} strings and {@code status} equal to the HTTP
 *       status, the {@code type} being the stable URI of that status ({@code ProblemTypes}) (HEAD
 *       answers have no body, so only their content type is checked);</li>
 *   <li>no error names internals: Java or library package names, exception names, Jackson and its
 *       messages, backtick-quoted or {@code $} inner-class names, SQL fragments, stack-trace lines
 *       (the status line's reason phrase is checked too, as Jetty can put messages there);</li>
 *   <li>no answer, of any status, echoes an API key;</li>
 *   <li>TRACE is disabled on every path, known or not: 405, or the 400/414/431 a malformed request
 *       gets before routing;</li>
 *   <li>cases with an expected status get it: hostile bodies, content types and idempotency keys
 *       are refused with a 4xx, a 10 MB body with 413, a 64 KB header with 431, an unknown HTTP
 *       version with 505, framing errors the RFC says MUST be refused with 400. A 429 (per-key
 *       request limits) or 503 satisfies any expectation, as long as it is a problem;</li>
 *   <li>no rejected request leaves a row behind: the ids in the tables a request could write
 *       ({@value #WRITABLE_TABLES_DOC}) are read before and after the hostile phase, and every row
 *       added or removed in between must be named by a 2xx answer to a request that writes (an id
 *       in its body or its request target; a receipt job by the payment id in its payload). The
 *       fixture's own rows are written before the first reading.</li>
 * </ol>
 * A raw-socket case the server answers by closing the connection counts as "no response" and is
 * not a violation; a well-formed HTTP request without an answer is one. Every violation is
 * collected and the test fails once, listing them all, after printing a summary to stdout.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileInputIT extends BaseplateTestSupport {

    private static final int MIN_CASES = 300;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO");
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final String JSON_TYPE = "Content-Type: application/json";
    private static final int MB = 1024 * 1024;
    /** The platform's request body limit: a larger body is a 413 whatever it holds. */
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int SNIPPET = 200;
    private static final String NO_RESPONSE = "no response";
    /** Each table a request could write, with the column besides ID whose ids also explain a row. */
    private static final Map<String, String> WRITABLE_TABLES = new TreeMap<>(Map.of(
            "TENANTS", "ID", "API_KEYS", "ID", "USERS", "ID", "PAYMENTS", "ID", "JOBS", "PAYLOAD"));
    private static final String WRITABLE_TABLES_DOC = "TENANTS, API_KEYS, USERS, PAYMENTS, JOBS";
    /** Requests whose answers explain no row: a list names rows that a rejected request might have written. */
    private static final Pattern READ_ONLY = Pattern.compile("(GET|HEAD|OPTIONS) ");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * Path ids no route knows, percent-encoded as sent, with the words the report uses: injection
     * strings, encoded traversal, overlong and invalid UTF-8, NUL, markup, a very long id.
     */
    private static final Map<String, String> HOSTILE_IDS = hostileIds();
    /** The sandbox token that is always approved, as a JSON string. */
    private static final String APPROVE = "\"" + SandboxProcessor.APPROVE + "\"";
    /** A payment the API accepts; hostile bodies are variations of it. */
    private static final String VALID_PAYMENT = payment("1000", "\"INR\"", "\"hostile\"", APPROVE);

    /** Which key a request carries. */
    private enum KeyKind {
        NONE("no key"), WRONG("wrong key"), TENANT("tenant key"), ADMIN("admin key");

        final String label;

        KeyKind(String label) {
            this.label = label;
        }
    }

    /** A status rule beyond the general ones, with the words the report uses for it. */
    private record Expectation(String description, IntPredicate accepts) {

        static final Expectation ANY = new Expectation("any status", status -> true);
        static final Expectation REFUSED = new Expectation("a 4xx", status -> status >= 400 && status < 500);

        /** 400 for an invalid body, or 413 when it is also larger than the body limit. */
        static Expectation invalid(byte[] body) {
            return body.length > BODY_LIMIT ? status(413) : status(400);
        }

        static Expectation status(int... statuses) {
            StringBuilder words = new StringBuilder();
            for (int status : statuses) {
                words.append(words.length() == 0 ? "" : " or ").append(status);
            }
            return new Expectation(words.toString(), status -> Arrays.stream(statuses).anyMatch(s -> s == status));
        }
    }

    /**
     * One hostile request.
     *
     * @param raw          sent as protocol abuse: closing the connection without an answer is allowed
     * @param head         a HEAD request, whose answer has no body
     * @param closeOutput  the client half-closes after writing, as one that gives up mid-request
     * @param tolerated5xx 5xx statuses acceptable for this request (as problems)
     */
    private record Case(String description, byte[] request, boolean raw, boolean head, boolean closeOutput,
                        Expectation expectation, Set<Integer> tolerated5xx) {
    }

    private record Route(String target, String label, boolean malformed) {
    }

    /** Every rule one answer breaks, with what the report shows of the answer. */
    private record Violation(String caseDescription, List<String> rules, String status, String contentType, String snippet) {

        @Override
        public String toString() {
            return caseDescription + " -> " + status + ", Content-Type '" + contentType + "': " + String.join("; ", rules)
                    + "\n      body: " + snippet;
        }
    }

    private String host;
    private String adminKey;
    private String tenantKey;
    private String wrongKey;
    private String tenantId;
    private String paymentId;
    private String jobId;
    private String tenantName;
    /** A second tenant, for the routes that suspend, reactivate, delete and issue keys with a real id. */
    private String victimTenantId;
    private String victimTenantName;
    /** A user of the tenant the route matrix may delete, and one that owns keys in the key bodies. */
    private String matrixUserId;
    private String keyOwnerId;
    /** A key of the tenant the route matrix may rotate and revoke. */
    private String matrixKeyId;
    private final List<Case> cases = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private ErrorContract contract;

    @Test
    public void hostileRequestsAreAnsweredWithProblemsThatLeakNothing() throws Exception {
        prepareFixture();
        routeMatrix();
        paymentBodies();
        tenantBodies();
        userBodies();
        keyBodies();
        tenantDeletions();
        auditQueries();
        contentTypesAndAcceptHeaders();
        idempotencyKeys();
        hostileApiKeys();
        protocolAbuse();
        contract = new ErrorContract(secrets);
        assertTrue("Only " + cases.size() + " cases were generated", cases.size() >= MIN_CASES);

        Map<String, Map<String, String>> rowsBefore = writableRows();
        Set<String> explained = new HashSet<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        List<String> rawOutcomes = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        long started = System.nanoTime();
        try (RawHttp http = new RawHttp(Integer.parseInt(context.getProperty(BaseplateOptions.HTTP_PORT)), READ_TIMEOUT)) {
            for (Case hostile : cases) {
                RawHttp.Outcome outcome = http.exchange(hostile.request(), hostile.closeOutput(), hostile.head());
                String status = outcome.response() == null ? NO_RESPONSE : Integer.toString(outcome.response().status());
                byStatus.merge(status, 1, Integer::sum);
                if (hostile.raw()) {
                    rawOutcomes.add(String.format("  %-12s %s", status, hostile.description()));
                }
                List<String> broken = outcome.response() == null
                        ? unanswered(hostile, outcome.noResponse())
                        : check(hostile, outcome.response());
                String requestLine = requestLine(hostile.request());
                if (outcome.response() != null && outcome.response().status() / 100 == 2 && !READ_ONLY.matcher(requestLine).lookingAt()) {
                    explained.addAll(uuids(outcome.response().bodyText()));
                    explained.addAll(uuids(requestLine));
                }
                if (!broken.isEmpty()) {
                    RawHttp.Response response = outcome.response();
                    violations.add(new Violation(hostile.description(), broken, status, response == null ? "" : response.contentType(),
                            response == null ? outcome.noResponse() : snippet(response.bodyText())));
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> strayRows = new ArrayList<>();
        String rowSummary = compareRows(rowsBefore, writableRows(), explained, strayRows);
        System.out.println(summary(byStatus, rawOutcomes, violations, took) + rowSummary);
        if (!violations.isEmpty() || !strayRows.isEmpty()) {
            StringBuilder message = new StringBuilder(violations.size() + " of " + cases.size() + " hostile requests broke the rules, "
                    + strayRows.size() + " rows changed that no 2xx answer explains:");
            violations.forEach(violation -> message.append("\n  ").append(violation));
            strayRows.forEach(row -> message.append("\n  ").append(row));
            fail(message.toString());
        }
    }

    /** Per table, each row's id and the text whose ids may explain it (see {@link #WRITABLE_TABLES}). */
    private Map<String, Map<String, String>> writableRows() throws Exception {
        ServiceReference<DataSource> reference = context.getServiceReferences(DataSource.class, "(baseplate.datasource=platform)")
                .iterator().next();
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        try (Connection connection = context.getService(reference).getConnection(); Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> table : WRITABLE_TABLES.entrySet()) {
                Map<String, String> rows = new TreeMap<>();
                try (ResultSet result = statement.executeQuery("SELECT ID, " + table.getValue() + " FROM " + table.getKey())) {
                    while (result.next()) {
                        rows.put(result.getString(1), String.valueOf(result.getString(2)));
                    }
                }
                tables.put(table.getKey(), rows);
            }
        } finally {
            context.ungetService(reference);
        }
        return tables;
    }

    /**
     * Adds to {@code stray} every row added or removed between the readings that no 2xx answer names,
     * and returns the table of row counts for the summary.
     */
    private static String compareRows(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after,
                                      Set<String> explained, List<String> stray) {
        StringBuilder summary = new StringBuilder(String.format("%-40s %8s %8s %8s %8s%n", "rows by table", "before", "after",
                "added", "removed"));
        for (String table : WRITABLE_TABLES.keySet()) {
            Map<String, String> old = before.get(table);
            Map<String, String> now = after.get(table);
            int added = 0;
            int removed = 0;
            for (Map.Entry<String, String> row : now.entrySet()) {
                if (!old.containsKey(row.getKey())) {
                    added++;
                    if (!explained.contains(row.getKey()) && uuids(row.getValue()).stream().noneMatch(explained::contains)) {
                        stray.add(table + " row " + row.getKey() + " (" + abbreviate(row.getValue()) + ") added, but no 2xx answer names it");
                    }
                }
            }
            for (String id : old.keySet()) {
                if (!now.containsKey(id)) {
                    removed++;
                    if (!explained.contains(id)) {
                        stray.add(table + " row " + id + " removed, but no 2xx answer names it");
                    }
                }
            }
            summary.append(String.format("  %-38s %8d %8d %8d %8d%n", table, old.size(), now.size(), added, removed));
        }
        return summary.toString();
    }

    private static Set<String> uuids(String text) {
        Set<String> ids = new HashSet<>();
        Matcher matcher = UUID_TEXT.matcher(text);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }

    private static String requestLine(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private void prepareFixture() throws Exception {
        host = "127.0.0.1:" + context.getProperty(BaseplateOptions.HTTP_PORT);
        adminKey = context.getProperty(BaseplateOptions.ADMIN_KEY);
        tenantName = freshTenantName();
        tenantId = api.newTenant(tenantName);
        tenantKey = api.newKey(tenantId);
        victimTenantName = freshTenantName();
        victimTenantId = api.newTenant(victimTenantName);
        matrixUserId = created("/api/v1/users", user("\"matrix-user\"", "[\"STUDENT\"]"));
        keyOwnerId = created("/api/v1/users", user("\"key-owner\"", "[\"STUDENT\"]"));
        matrixKeyId = created("/api/v1/keys", key("\"matrix-key\"", "[\"OPERATOR\"]", ""));
        wrongKey = "bpk_" + UUID.randomUUID().toString().replace("-", "") + "wrong";
        secrets.addAll(List.of(adminKey, tenantKey, wrongKey));

        BaseplateApi.Reply payment = pay(tenantKey, "INR");
        BaseplateApi.expectStatus(payment, 201);
        paymentId = payment.json().path("id").asText();
        awaitCondition("the captured payment's receipt job to be listed", CHANGE_VISIBLE, () -> {
            JsonNode jobs = api.get("/api/v1/jobs", tenantKey).json().path("items");
            jobId = jobs.size() > 0 ? jobs.get(0).path("id").asText() : null;
            return jobId != null;
        });
    }

    /** The id of what a legitimate {@code POST path} with the tenant key creates, before the hostile phase. */
    private String created(String path, String body) {
        BaseplateApi.Reply reply = api.post(path, tenantKey, body);
        BaseplateApi.expectStatus(reply, 201);
        return reply.json().path("id").asText();
    }

    /**
     * Every route, known and unknown, with every method and every kind of key; the routes with an id
     * also with every hostile id.
     */
    private void routeMatrix() {
        List<Route> routes = new ArrayList<>(List.of(
                new Route("/health", "/health", false),
                new Route("/api/v1/tenants", "/api/v1/tenants", false),
                new Route("/api/v1/tenants/" + tenantId + "/keys", "/api/v1/tenants/{id}/keys", false),
                new Route("/api/v1/gateways", "/api/v1/gateways", false),
                new Route("/api/v1/payments", "/api/v1/payments", false),
                new Route("/api/v1/payments/" + paymentId, "/api/v1/payments/{id}", false),
                new Route("/api/v1/jobs", "/api/v1/jobs", false),
                new Route("/api/v1/jobs/" + jobId, "/api/v1/jobs/{id}", false),
                new Route("/api/v1/events", "/api/v1/events", false),
                new Route("/api/v1/tenants/" + victimTenantId, "/api/v1/tenants/{id}", false),
                new Route("/api/v1/tenants/" + victimTenantId + "/suspend", "/api/v1/tenants/{id}/suspend", false),
                new Route("/api/v1/tenants/" + victimTenantId + "/reactivate", "/api/v1/tenants/{id}/reactivate", false),
                new Route("/api/v1/tenants/" + victimTenantId + "/keys", "/api/v1/tenants/{victim id}/keys", false),
                new Route("/api/v1/users", "/api/v1/users", false),
                new Route("/api/v1/users/" + matrixUserId, "/api/v1/users/{id}", false),
                new Route("/api/v1/keys", "/api/v1/keys", false),
                new Route("/api/v1/keys/" + matrixKeyId + "/rotate", "/api/v1/keys/{id}/rotate", false),
                new Route("/api/v1/keys/" + matrixKeyId, "/api/v1/keys/{id}", false),
                new Route("/api/v1/audit", "/api/v1/audit", false),
                new Route("/api/v1/tenants/no-such-tenant/keys", "/api/v1/tenants/no-such-tenant/keys", false),
                new Route("/api/v1/payments/no-such-payment", "/api/v1/payments/no-such-payment", false),
                new Route("/api/v1/jobs/%27%20OR%20%271%27%3D%271", "/api/v1/jobs/' OR '1'='1 (encoded)", false),
                new Route("/", "/", false),
                new Route("/nope", "/nope", false),
                new Route("/api", "/api", false),
                new Route("/api/v1", "/api/v1", false),
                new Route("/api/v2/x", "/api/v2/x", false),
                new Route("/" + "a/".repeat(2000), "/a/a/... (4 KB path)", false),
                new Route("/api/v1/payments/../../etc/passwd", "/api/v1/payments/../../etc/passwd", true),
                new Route("/api/v1/payments/%2e%2e/%2e%2e/etc/passwd", "/api/v1/payments/%2e%2e/%2e%2e/etc/passwd", true),
                new Route("/" + "x".repeat(20_000), "/xxx... (20 KB path)", true),
                new Route("/%ff%fe", "/%ff%fe", true),
                new Route("/%00", "/%00", true),
                new Route("//api//v1", "//api//v1", true),
                new Route("/api/v1/payments/%c0%ae%c0%ae", "/api/v1/payments/%c0%ae%c0%ae (overlong UTF-8)", true),
                new Route("/api/v1/payments?%zz=%", "/api/v1/payments?%zz=% (bad query encoding)", true)));
        for (String template : List.of("/api/v1/tenants/{id}", "/api/v1/tenants/{id}/suspend", "/api/v1/tenants/{id}/keys",
                "/api/v1/users/{id}", "/api/v1/keys/{id}", "/api/v1/keys/{id}/rotate")) {
            HOSTILE_IDS.forEach((id, label) -> routes.add(new Route(template.replace("{id}", id), template.replace("{id}", label), true)));
        }
        for (Route route : routes) {
            for (String method : METHODS) {
                for (KeyKind key : KeyKind.values()) {
                    List<String> headers = new ArrayList<>(keyHeader(key));
                    byte[] body = null;
                    if (METHODS_WITH_BODY.contains(method)) {
                        headers.add(JSON_TYPE);
                        body = bytes("{}");
                    }
                    Expectation expectation = "TRACE".equals(method)
                            ? (route.malformed() ? Expectation.status(405, 400, 414, 431) : Expectation.status(405))
                            : Expectation.ANY;
                    add(method + " " + route.label() + " [" + key.label + "]", RawHttp.request(method, route.target(), host, headers, body),
                            false, "HEAD".equals(method), false, expectation, "FOO".equals(method) ? Set.of(501) : Set.of());
                }
            }
        }
    }

    /** Hostile JSON to {@code POST /api/v1/payments} with a tenant key: all of it must be refused. */
    private void paymentBodies() {
        String valid = VALID_PAYMENT;
        for (String amount : List.of("\"100\"", "\" 100 \"", "49.99", "1.5e2", "1.0", "1e400", "9223372036854775808",
                "-9223372036854775809", "-1", "0", "true", "false", "null", "{}", "[]", "[100]", "\"\"", "\"abc\"", "0x10",
                "NaN", "+1", "01")) {
            postPayment("amount " + amount, payment(amount, "\"INR\"", "\"hostile\"", APPROVE), Expectation.REFUSED);
        }
        for (String currency : List.of("123", "null", "\"\"", "\"EURO\"", "[\"INR\"]", "{}", "true", "\"I\\u0000R\"")) {
            postPayment("currency " + currency, payment("1000", currency, "\"hostile\"", APPROVE), Expectation.REFUSED);
        }
        for (String method : List.of("123", "\"\"", "{}", "[]", "true")) {
            postPayment("paymentMethod " + method, payment("1000", "\"INR\"", "\"hostile\"", method), Expectation.REFUSED);
        }
        for (String reference : List.of("123", "{}", "[]", "true")) {
            postPayment("reference " + reference, payment("1000", "\"INR\"", reference, APPROVE), Expectation.REFUSED);
        }
        postPayment("duplicate key amount", "{\"amount\":1000,\"amount\":2000,\"currency\":\"INR\",\"paymentMethod\":" + APPROVE + "}",
                Expectation.REFUSED);
        postPayment("unknown field", valid.replace("}", ",\"admin\":true}"), Expectation.REFUSED);
        postPayment("__proto__ field", valid.replace("}", ",\"__proto__\":{\"admin\":true}}"), Expectation.REFUSED);
        postPayment("1 MB reference", payment("1000", "\"INR\"", "\"" + "r".repeat(MB) + "\"", APPROVE), Expectation.REFUSED);
        postPayment("1 MB paymentMethod", payment("1000", "\"INR\"", "\"hostile\"", "\"" + "p".repeat(MB) + "\""), Expectation.REFUSED);
        postPayment("1 MB currency", payment("1000", "\"" + "C".repeat(MB) + "\"", "\"hostile\"", APPROVE), Expectation.REFUSED);
        for (Map.Entry<String, byte[]> body : structuralBodies(valid).entrySet()) {
            postPayment(body.getKey(), body.getValue(), Expectation.REFUSED);
        }
        postPayment("10 MB body", payment("1000", "\"INR\"", "\"" + "r".repeat(10 * MB) + "\"", APPROVE), Expectation.status(413));
        request("POST /api/v1/payments [admin key] malformed JSON", RawHttp.request("POST", "/api/v1/payments", host,
                List.of(apiKey(adminKey), JSON_TYPE, "Idempotency-Key: " + UUID.randomUUID()), bytes("{\"amount\": 100, \"currency\": ")),
                Expectation.REFUSED);
    }

    /** Hostile JSON to {@code POST /api/v1/tenants} with the admin key: all of it must be refused. */
    private void tenantBodies() {
        String valid = "{\"name\":\"" + freshTenantName() + "\"}";
        for (String name : List.of("123", "true", "null", "[]", "[\"a\"]", "{}", "\"\"", "\"   \"", "\"<script>alert(1)</script>\"",
                "\"' OR '1'='1\"", "\"a\\u0000b\"", "\"" + "n".repeat(MB) + "\"")) {
            postTenant("name " + abbreviate(name), "{\"name\":" + name + "}", Expectation.REFUSED);
        }
        postTenant("duplicate key name", "{\"name\":\"" + freshTenantName() + "\",\"name\":\"" + freshTenantName() + "\"}",
                Expectation.REFUSED);
        postTenant("unknown field", "{\"name\":\"" + freshTenantName() + "\",\"role\":\"admin\"}", Expectation.REFUSED);
        for (Map.Entry<String, byte[]> body : structuralBodies(valid).entrySet()) {
            postTenant(body.getKey(), body.getValue(), Expectation.REFUSED);
        }
        postTenant("10 MB body", "{\"name\":\"" + "n".repeat(10 * MB) + "\"}", Expectation.status(413));
        request("POST /api/v1/tenants [tenant key] malformed JSON", RawHttp.request("POST", "/api/v1/tenants", host,
                List.of(apiKey(tenantKey), JSON_TYPE), bytes("{\"name\": ")), Expectation.REFUSED);
    }

    /** JSON values of the wrong type for any field, fractional and huge numbers among them. */
    private static final List<String> WRONG_TYPES = List.of("123", "49.99", "1e400", "9223372036854775808", "-1", "true", "null",
            "{}", "[]");

    /** Names a user or a key may not have: blank, control characters, one character too long, 1 MB. */
    private static List<String> badNames(int maxLength) {
        List<String> names = new ArrayList<>(WRONG_TYPES);
        names.addAll(List.of("\"\"", "\"   \"", "\"a\\u0000b\"", "\"bell\\u0007\"", "\"tab\\there\"", "\"line\\nbreak\"",
                "\"del\\u007f\"", "\"" + "n".repeat(maxLength + 1) + "\"", "\"" + "n".repeat(MB) + "\""));
        return names;
    }

    /** Role sets no tenant's user or key may hold, or that are no role set at all. */
    private static final List<String> BAD_ROLES = badRoles();

    private static List<String> badRoles() {
        List<String> roles = new ArrayList<>(WRONG_TYPES);
        roles.addAll(List.of("\"STUDENT\"", "[\"NOPE\"]", "[\"student\"]", "[\"PLATFORM_ADMIN\"]", "[\"STUDENT\",\"PLATFORM_ADMIN\"]",
                "[null]", "[1]", "[49.99]", "[\"\"]", "[[\"STUDENT\"]]", "{\"STUDENT\":true}", "[\"' OR '1'='1\"]",
                "[\"STUDENT\\u0000\"]", "[\" STUDENT \"]", "[\"STUDENT\"" + ",\"NOPE\"".repeat(1_000) + "]"));
        return roles;
    }

    /**
     * Hostile JSON to {@code POST /api/v1/users} with the tenant key: refused with 400 (413 above the body
     * limit). Injection strings
     * and markup are names like any other (no control characters): they are created, stored as text.
     */
    private void userBodies() {
        for (String name : badNames(200)) {
            postInvalid("/api/v1/users", "name " + abbreviate(name), user(name, "[\"STUDENT\"]"));
        }
        for (String roles : BAD_ROLES) {
            postInvalid("/api/v1/users", "roles " + abbreviate(roles), user(freshName(), roles));
        }
        for (String name : List.of("' OR '1'='1", "'; DROP TABLE USERS; --", "<script>alert(1)</script>", "../../etc/passwd")) {
            postAsTenant("/api/v1/users", "injection name " + name, user(BaseplateApi.json(name + " " + UUID.randomUUID()),
                    "[\"STUDENT\"]"), Expectation.status(201));
        }
        commonBodies("/api/v1/users", user(freshName(), "[\"STUDENT\"]"));
    }

    /** Hostile JSON to {@code POST /api/v1/keys} with the tenant key: refused with 400, 413 or (a user that is not there) 404. */
    private void keyBodies() {
        String roles = "[\"STUDENT\"]";
        for (String name : badNames(100)) {
            postInvalid("/api/v1/keys", "name " + abbreviate(name), key(name, roles, ""));
        }
        for (String badRoles : BAD_ROLES) {
            postInvalid("/api/v1/keys", "roles " + abbreviate(badRoles), key(freshName(), badRoles, ""));
        }
        for (String userId : List.of("123", "49.99", "true", "{}", "[]", "\"" + "u".repeat(37) + "\"", "\"" + "u".repeat(MB) + "\"")) {
            postInvalid("/api/v1/keys", "userId " + abbreviate(userId), key(freshName(), roles, ",\"userId\":" + userId));
        }
        postInvalid("/api/v1/keys", "userId with a NUL", key(freshName(), roles, ",\"userId\":" + BaseplateApi.json("a\u0000b")));
        for (String userId : List.of("' OR '1'='1", "1 OR 1=1", UUID.randomUUID().toString(), victimTenantId)) {
            postAsTenant("/api/v1/keys", "userId " + BaseplateApi.json(userId), key(freshName(), roles, ",\"userId\":"
                    + BaseplateApi.json(userId)), Expectation.status(404));
        }
        postInvalid("/api/v1/keys", "a role the user does not have", key(freshName(), "[\"OPERATOR\"]", ",\"userId\":\""
                + keyOwnerId + "\""));
        postInvalid("/api/v1/keys", "TENANT_ADMIN for a STUDENT user", key(freshName(), "[\"TENANT_ADMIN\"]", ",\"userId\":\""
                + keyOwnerId + "\""));
        for (String expiresAt : List.of("\"yesterday\"", "\"2020-01-01T00:00:00Z\"", "\"2026-02-30T00:00:00Z\"", "\"2099-01-01\"",
                "\"' OR 1=1 --\"", "\"\"", "123", "-1", "49.99", "1e400", "9223372036854775807", "-9223372036854775808", "true", "{}",
                "[]")) {
            postInvalid("/api/v1/keys", "expiresAt " + expiresAt, key(freshName(), roles, ",\"expiresAt\":" + expiresAt));
        }
        // Instant.MAX is a valid instant far in the future: taken, or refused as beyond what the database stores.
        postAsTenant("/api/v1/keys", "expiresAt +1000000000-12-31T23:59:59Z", key(freshName(), roles,
                ",\"expiresAt\":\"+1000000000-12-31T23:59:59Z\""), Expectation.status(201, 400));
        postInvalid("/api/v1/keys", "tenantId field", key(freshName(), roles, ",\"tenantId\":\"" + victimTenantId + "\""));
        commonBodies("/api/v1/keys", key(freshName(), roles, ""));
    }

    /** What every JSON route of the tenant key gets: structural garbage, unknown and duplicate fields, 10 MB, the admin key. */
    private void commonBodies(String path, String valid) {
        for (Map.Entry<String, byte[]> body : structuralBodies(valid).entrySet()) {
            postInvalid(path, body.getKey(), body.getValue());
        }
        postInvalid(path, "unknown field", valid.replace("}", ",\"admin\":true}"));
        postInvalid(path, "__proto__ field", valid.replace("}", ",\"__proto__\":{\"admin\":true}}"));
        postInvalid(path, "id field", valid.replace("}", ",\"id\":\"" + UUID.randomUUID() + "\"}"));
        postInvalid(path, "duplicate key name", valid.replace("}", ",\"name\":" + freshName() + "}"));
        postAsTenant(path, "10 MB body", valid.replaceFirst("\"name\":\"", "\"name\":\"" + "n".repeat(10 * MB)), Expectation.status(413));
        request("POST " + path + " [admin key] a valid body", RawHttp.request("POST", path, host, List.of(apiKey(adminKey), JSON_TYPE),
                bytes(valid)), Expectation.status(403));
        request("POST " + path + " [tenant key as Bearer] malformed JSON", RawHttp.request("POST", path, host,
                List.of("Authorization: Bearer " + tenantKey, JSON_TYPE), bytes("{\"name\": ")), Expectation.status(400));
        request("POST " + path + " [tenant key] Content-Type: text/plain", RawHttp.request("POST", path, host,
                List.of(apiKey(tenantKey), "Content-Type: text/plain"), bytes(valid)), Expectation.status(415));
    }

    /** {@code DELETE /api/v1/tenants/{id}} without the confirmation it needs: nothing is deleted. */
    private void tenantDeletions() {
        String path = "/api/v1/tenants/" + victimTenantId;
        Map<String, String> confirms = new LinkedHashMap<>();
        confirms.put("no confirm", "");
        confirms.put("empty confirm", "?confirm=");
        confirms.put("confirm without a value", "?confirm");
        confirms.put("wrong confirm", "?confirm=wrong");
        confirms.put("another tenant's name", "?confirm=" + tenantName);
        confirms.put("the name in capitals", "?confirm=" + victimTenantName.toUpperCase());
        confirms.put("the name with a trailing space", "?confirm=" + victimTenantName + "%20");
        confirms.put("the name with a NUL", "?confirm=" + victimTenantName + "%00");
        confirms.put("the name with invalid UTF-8", "?confirm=" + victimTenantName + "%ff");
        confirms.put("SQL injection", "?confirm=%27%20OR%20%271%27%3D%271");
        confirms.put("the id", "?confirm=" + victimTenantId);
        confirms.put("a wrong confirm, then the name", "?confirm=wrong&confirm=" + victimTenantName);
        confirms.put("Confirm (case)", "?Confirm=" + victimTenantName);
        confirms.put("2,000-character confirm", "?confirm=" + "c".repeat(2_000));
        confirms.forEach((what, query) -> request("DELETE /api/v1/tenants/{id} [admin key] " + what, RawHttp.request("DELETE",
                path + query, host, List.of(apiKey(adminKey)), null), Expectation.status(400)));
        String confirmed = path + "?confirm=" + victimTenantName;
        for (KeyKind key : List.of(KeyKind.NONE, KeyKind.WRONG, KeyKind.TENANT)) {
            request("DELETE /api/v1/tenants/{id}?confirm=<name> [" + key.label + "]", RawHttp.request("DELETE", confirmed, host,
                    keyHeader(key), null), key == KeyKind.TENANT ? Expectation.status(403) : Expectation.status(401));
        }
        request("DELETE /api/v1/tenants/{id}?confirm=<name> [admin key twice]", RawHttp.request("DELETE", confirmed, host,
                List.of(apiKey(adminKey), apiKey(adminKey)), null), Expectation.status(400));
    }

    /** {@code GET /api/v1/audit} with query parameters it must refuse (400), or take as plain text (200). */
    private void auditQueries() {
        String cursorId = UUID.randomUUID().toString();
        List<String> refused = List.of("from=yesterday", "from=2026-13-45T00:00:00Z", "from=1700000000", "from=2026-01-31",
                "to=2026-01-31T12:00:00", "to=%00", "from=%ff%fe", "from=%27%20OR%201%3D1%20--", "status=abc", "status=-1",
                "status=600", "status=99999999999999999999", "status=49.99", "method=get", "method=%27%20OR%201%3D1",
                "method=" + "A".repeat(17), "limit=-1", "limit=0", "limit=501", "limit=99999999999999999999", "limit=1.5", "limit=abc",
                "limit=1e3", "cursor=garbage", "cursor=%27%20OR%20%271%27%3D%271", "cursor=" + "A".repeat(5_000),
                "cursor=" + cursor("99999999999999999999." + cursorId), "cursor=" + cursor("abc." + cursorId),
                "cursor=" + cursor("1.not-an-id"), "route=" + "r".repeat(301), "keyPrefix=" + "k".repeat(301),
                "userId=" + "u".repeat(301));
        List<String> plainText = List.of("route=%27%20OR%20%271%27%3D%271", "keyPrefix=%27%20OR%201%3D1%20--",
                "userId=%27%3B%20DROP%20TABLE%20AUDIT_LOG%3B%20--", "route=%25", "route=_", "keyPrefix=%3Cscript%3E",
                "status=500&method=DELETE&route=%2Fapi%2Fv1%2Fkeys");
        // Valid, but at the ends of what an instant or a cursor can say: answered, or refused as beyond what the database stores.
        List<String> extreme = List.of("from=%2B1000000000-12-31T23:59:59Z", "to=-1000000000-01-01T00:00:00Z",
                "cursor=" + cursor(Long.MAX_VALUE + "." + cursorId), "cursor=" + cursor(Long.MIN_VALUE + "." + cursorId),
                "route=%00", "userId=%ff%fe", "limit=10&limit=abc", "limit=abc&limit=10",
                "from=2026-01-31T12:00:00Z&to=2020-01-01T00:00:00Z");
        for (KeyKind key : List.of(KeyKind.TENANT, KeyKind.ADMIN)) {
            refused.forEach(query -> audit(key, query, Expectation.status(400)));
            plainText.forEach(query -> audit(key, query, Expectation.status(200)));
            extreme.forEach(query -> audit(key, query, Expectation.status(200, 400)));
        }
        audit(KeyKind.ADMIN, "tenantId=%27%20OR%20%271%27%3D%271", Expectation.status(200));
        audit(KeyKind.ADMIN, "tenantId=" + "t".repeat(301), Expectation.status(400));
        audit(KeyKind.TENANT, "tenantId=%27%20OR%20%271%27%3D%271", Expectation.status(403));
        audit(KeyKind.TENANT, "tenantId=" + victimTenantId, Expectation.status(403));
    }

    private void audit(KeyKind key, String query, Expectation expectation) {
        request("GET /api/v1/audit?" + abbreviate(query) + " [" + key.label + "]", RawHttp.request("GET", "/api/v1/audit?" + query, host,
                keyHeader(key), null), expectation);
    }

    /** An audit cursor token as the API encodes them, around {@code text}. */
    private static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(text));
    }

    private static Map<String, String> hostileIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("%27%20OR%20%271%27%3D%271", "' OR '1'='1 (encoded)");
        ids.put("1%3B%20DROP%20TABLE%20USERS%3B--", "1; DROP TABLE USERS;-- (encoded)");
        ids.put("..%2f..%2fetc%2fpasswd", "..%2f..%2fetc%2fpasswd");
        ids.put("%c0%ae%c0%ae", "%c0%ae%c0%ae (overlong UTF-8)");
        ids.put("%ff%fe", "%ff%fe (invalid UTF-8)");
        ids.put("%00", "%00");
        ids.put("%3Cscript%3E", "<script> (encoded)");
        ids.put("i".repeat(5_000), "iii... (5,000-character id)");
        return ids;
    }

    /** Bodies that are not the object a route expects, whatever the route; {@code valid} is one it would accept. */
    private static Map<String, byte[]> structuralBodies(String valid) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("malformed JSON", bytes("{\"amount\": 100, \"currency\": "));
        bodies.put("truncated JSON", bytes(valid.substring(0, valid.length() - 1)));
        bodies.put("a lone opening brace", bytes("{"));
        bodies.put("empty body", new byte[0]);
        bodies.put("whitespace body", bytes("   \n\t "));
        bodies.put("JSON array", bytes("[]"));
        bodies.put("array around a valid object", bytes("[" + valid + "]"));
        bodies.put("JSON string", bytes("\"hello\""));
        bodies.put("JSON number", bytes("42"));
        bodies.put("JSON null", bytes("null"));
        bodies.put("JSON true", bytes("true"));
        bodies.put("empty object", bytes("{}"));
        bodies.put("trailing garbage after a valid object", bytes(valid + " xyz"));
        bodies.put("two objects", bytes(valid + valid));
        bodies.put("comment before a valid object", bytes("/* hi */" + valid));
        bodies.put("single-quoted JSON", bytes(valid.replace('"', '\'')));
        bodies.put("unquoted keys", bytes("{amount:1000,name:x}"));
        bodies.put("raw control character in a string", bytes(valid.replaceFirst(":\"", ":\"\u0001")));
        bodies.put("invalid UTF-8", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, '{', '}', (byte) 0xc0, (byte) 0xae});
        bodies.put("NUL bytes", new byte[] {0, 0, 0, 0});
        bodies.put("arrays nested 10,000 deep", bytes("[".repeat(10_000) + "]".repeat(10_000)));
        bodies.put("arrays nested 10,000 deep in a field", bytes("{\"amount\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
        bodies.put("objects nested 10,000 deep", bytes("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        bodies.put("1 MB field name", bytes("{\"" + "k".repeat(MB) + "\":1}"));
        return bodies;
    }

    /** Content types the JSON routes do not consume, and Accept headers they cannot satisfy. */
    private void contentTypesAndAcceptHeaders() {
        // A charset parameter is not refused: RFC 8259 defines none for application/json (JSON is UTF-8,
        // and invalid UTF-8 is refused as a body); a bogus one must merely not break anything.
        request("POST /api/v1/payments [tenant key] Content-Type: application/json; charset=bogus",
                RawHttp.request("POST", "/api/v1/payments", host, List.of(apiKey(tenantKey), "Idempotency-Key: " + UUID.randomUUID(),
                        "Content-Type: application/json; charset=bogus"), bytes(VALID_PAYMENT)), Expectation.ANY);
        List<String> contentTypes = List.of("Content-Type: text/plain", "Content-Type: application/xml", "",
                "Content-Type: application/x-www-form-urlencoded",
                "Content-Type: multipart/form-data; boundary=zz", "Content-Type: */*", "Content-Type: ;;;",
                "Content-Type: application/json; charset=\"", "Content-Type: application/json, text/plain");
        for (String contentType : contentTypes) {
            String label = contentType.isEmpty() ? "no Content-Type" : contentType;
            List<String> paymentHeaders = new ArrayList<>(List.of(apiKey(tenantKey), "Idempotency-Key: " + UUID.randomUUID()));
            List<String> tenantHeaders = new ArrayList<>(List.of(apiKey(adminKey)));
            if (!contentType.isEmpty()) {
                paymentHeaders.add(contentType);
                tenantHeaders.add(contentType);
            }
            request("POST /api/v1/payments [tenant key] " + label, RawHttp.request("POST", "/api/v1/payments", host, paymentHeaders,
                    bytes(VALID_PAYMENT)), Expectation.REFUSED);
            request("POST /api/v1/tenants [admin key] " + label, RawHttp.request("POST", "/api/v1/tenants", host, tenantHeaders,
                    bytes("{\"name\":\"" + freshTenantName() + "\"}")), Expectation.REFUSED);
        }
        for (String accept : List.of("application/xml", "text/html", "application/problem+json", "*/*;q=bogus", "image/png;q=0.1")) {
            request("GET /api/v1/gateways [tenant key] Accept: " + accept, RawHttp.request("GET", "/api/v1/gateways", host,
                    List.of(apiKey(tenantKey), "Accept: " + accept), null), Expectation.ANY);
            request("GET /nope [no key] Accept: " + accept, RawHttp.request("GET", "/nope", host, List.of("Accept: " + accept), null),
                    Expectation.ANY);
        }
    }

    private void idempotencyKeys() {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("missing Idempotency-Key", List.of());
        variants.put("empty Idempotency-Key", List.of("Idempotency-Key: "));
        variants.put("blank Idempotency-Key", List.of("Idempotency-Key:    "));
        variants.put("256-character Idempotency-Key", List.of("Idempotency-Key: " + "i".repeat(256)));
        variants.put("10,000-character Idempotency-Key", List.of("Idempotency-Key: " + "i".repeat(10_000)));
        for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
            List<String> headers = new ArrayList<>(List.of(apiKey(tenantKey), JSON_TYPE));
            headers.addAll(variant.getValue());
            request("POST /api/v1/payments [tenant key] " + variant.getKey(), RawHttp.request("POST", "/api/v1/payments", host, headers,
                    bytes(VALID_PAYMENT)), Expectation.REFUSED);
        }
        Map<String, List<String>> odd = new LinkedHashMap<>();
        odd.put("non-ASCII Idempotency-Key", List.of("Idempotency-Key: ключ-" + UUID.randomUUID()));
        odd.put("two Idempotency-Key headers", List.of("Idempotency-Key: " + UUID.randomUUID(), "Idempotency-Key: " + UUID.randomUUID()));
        odd.put("Idempotency-Key with a tab inside", List.of("Idempotency-Key: a\tb-" + UUID.randomUUID()));
        for (Map.Entry<String, List<String>> variant : odd.entrySet()) {
            List<String> headers = new ArrayList<>(List.of(apiKey(tenantKey), JSON_TYPE));
            headers.addAll(variant.getValue());
            request("POST /api/v1/payments [tenant key] " + variant.getKey(), RawHttp.request("POST", "/api/v1/payments", host, headers,
                    bytes(VALID_PAYMENT)), Expectation.ANY);
        }
    }

    private void hostileApiKeys() {
        String longKey = "k".repeat(5_000);
        secrets.add(longKey);
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("empty X-Api-Key", List.of("X-Api-Key: "));
        keys.put("blank X-Api-Key", List.of("X-Api-Key:     "));
        keys.put("SQL injection X-Api-Key", List.of("X-Api-Key: ' OR '1'='1' --"));
        keys.put("5,000-character X-Api-Key", List.of(apiKey(longKey)));
        keys.put("admin key with a suffix", List.of(apiKey(adminKey + "x")));
        keys.put("admin key as a Bearer token", List.of("X-Api-Key: Bearer " + adminKey));
        keys.put("wrong key as Authorization: Bearer", List.of("Authorization: Bearer " + wrongKey));
        keys.put("empty Authorization: Bearer", List.of("Authorization: Bearer "));
        List<String> paths = List.of("/api/v1/gateways", "/api/v1/tenants", "/api/v1/users", "/api/v1/keys", "/api/v1/audit");
        for (String path : paths) {
            for (Map.Entry<String, List<String>> key : keys.entrySet()) {
                request("GET " + path + " [" + key.getKey() + "]", RawHttp.request("GET", path, host, key.getValue(), null),
                        Expectation.status(401));
            }
        }
        // A request must present one key one way: two keys, or one key twice, are malformed whichever is valid.
        Map<String, List<String>> ambiguous = new LinkedHashMap<>();
        ambiguous.put("tenant key and wrong key in two headers", List.of(apiKey(tenantKey), apiKey(wrongKey)));
        ambiguous.put("tenant key twice", List.of(apiKey(tenantKey), apiKey(tenantKey)));
        ambiguous.put("tenant key in both X-Api-Key and Authorization", List.of(apiKey(tenantKey), "Authorization: Bearer " + tenantKey));
        ambiguous.put("admin key in Authorization without Bearer", List.of("Authorization: " + adminKey));
        ambiguous.put("Basic credentials", List.of("Authorization: Basic YWRtaW46YWRtaW4="));
        for (String path : paths) {
            for (Map.Entry<String, List<String>> key : ambiguous.entrySet()) {
                request("GET " + path + " [" + key.getKey() + "]", RawHttp.request("GET", path, host, key.getValue(), null),
                        Expectation.status(400));
            }
        }
    }

    /** Bytes no HTTP client library would send, written to a plain socket. */
    private void protocolAbuse() {
        String hostLine = "Host: " + host + "\r\n";
        String close = "Connection: close\r\n";
        String payment = VALID_PAYMENT;

        raw("malformed request line (garbage)", "GARBAGE\r\n\r\n", Expectation.ANY);
        raw("malformed request line (method only)", "GET\r\n\r\n", Expectation.ANY);
        raw("malformed request line (four tokens)", "GET /health HTTP/1.1 extra\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("request line without HTTP version", "GET /health\r\n\r\n", Expectation.ANY, Set.of(505));
        raw("HTTP/3.0 request line", "GET /health HTTP/3.0\r\n" + hostLine + close + "\r\n", Expectation.status(505), Set.of(505));
        raw("HTTP/9.9 request line", "GET /health HTTP/9.9\r\n" + hostLine + close + "\r\n", Expectation.status(505), Set.of(505));
        raw("lower-case method", "get /health HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY, Set.of(501));
        raw("10 KB method name", "A".repeat(10_000) + " /health HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY, Set.of(501));
        raw("CONNECT request", "CONNECT " + host + " HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY, Set.of(501));
        raw("GET * request target", "GET * HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("OPTIONS * request target", "OPTIONS * HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("absolute-URI request line", "GET http://" + host + "/health HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("absolute-URI request line naming another host", "GET http://evil.example/api/v1/gateways HTTP/1.1\r\n" + hostLine + close
                + "X-Api-Key: " + tenantKey + "\r\n\r\n", Expectation.ANY);
        raw("request target with a space", "GET /api/v1/pay ments HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("request target with a fragment", "GET /health#frag HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("request target with raw UTF-8 bytes", "GET /api/v1/paymènts HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.ANY);
        raw("NUL byte in the path", "GET /api/v1/pay\0ments HTTP/1.1\r\n" + hostLine + close + "\r\n", Expectation.status(400));
        raw("64 KB header", "GET /health HTTP/1.1\r\n" + hostLine + close + "X-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n",
                Expectation.status(431));
        StringBuilder thousand = new StringBuilder("GET /health HTTP/1.1\r\n" + hostLine + close);
        for (int i = 0; i < 1000; i++) {
            thousand.append("X-Header-").append(i).append(": v\r\n");
        }
        raw("1,000 headers", thousand.append("\r\n").toString(), Expectation.ANY);
        raw("missing Host header (HTTP/1.1)", "GET /health HTTP/1.1\r\n" + close + "\r\n", Expectation.status(400));
        raw("two Host headers", "GET /health HTTP/1.1\r\n" + hostLine + "Host: evil.example\r\n" + close + "\r\n", Expectation.status(400));
        raw("Host header with markup", "GET /health HTTP/1.1\r\nHost: <script>\r\n" + close + "\r\n", Expectation.ANY);
        raw("Host header with port 99999", "GET /health HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n" + close + "\r\n", Expectation.ANY);
        raw("HTTP/1.0 without Host", "GET /health HTTP/1.0\r\n\r\n", Expectation.ANY);
        raw("space before a header colon", "GET /api/v1/gateways HTTP/1.1\r\n" + hostLine + close + "X-Api-Key : " + tenantKey + "\r\n\r\n",
                Expectation.status(400));
        raw("obsolete line folding", "GET /api/v1/gateways HTTP/1.1\r\n" + hostLine + close + "X-Api-Key: " + tenantKey
                + "\r\n folded\r\n\r\n",
                Expectation.ANY);
        raw("bare LF line endings", "GET /health HTTP/1.1\n" + hostLine.replace("\r", "") + "Connection: close\n\n", Expectation.ANY);
        raw("CR inside a header value", "GET /health HTTP/1.1\r\n" + hostLine + close + "X-Odd: a\rb\r\n\r\n", Expectation.ANY);
        raw("NUL byte in a header value", "GET /health HTTP/1.1\r\n" + hostLine + close + "X-Odd: a\0b\r\n\r\n", Expectation.ANY);
        raw("header name with a space", "GET /health HTTP/1.1\r\n" + hostLine + close + "X Bad: 1\r\n\r\n", Expectation.ANY);
        raw("non-ASCII header value (UTF-8 X-Api-Key)", RawHttp.concat(bytes("GET /api/v1/gateways HTTP/1.1\r\n" + hostLine + close
                + "X-Api-Key: "), "ключ-ключ".getBytes(StandardCharsets.UTF_8), bytes("\r\n\r\n")), Expectation.ANY);
        raw("non-ASCII header value (0xFF bytes)", RawHttp.concat(bytes("GET /api/v1/gateways HTTP/1.1\r\n" + hostLine + close
                + "X-Api-Key: "), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80}, bytes("\r\n\r\n")), Expectation.ANY);
        raw("Expect: bogus", "GET /health HTTP/1.1\r\n" + hostLine + close + "Expect: bogus\r\n\r\n", Expectation.ANY);

        raw("chunked body with a non-hex chunk size", paymentHead() + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + payment
                + "\r\n0\r\n\r\n", Expectation.status(400));
        raw("chunked body with an overflowing chunk size", paymentHead() + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n"
                + payment + "\r\n0\r\n\r\n", Expectation.status(400));
        raw("chunked body with a bogus trailer", paymentHead() + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(payment.length())
                + "\r\n" + payment + "\r\n0\r\nthis is no trailer\r\n\r\n", Expectation.ANY);
        raw("chunked body with junk chunk extensions", paymentHead() + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(payment.length())
                + ";;;==\"\r\n" + payment + "\r\n0\r\n\r\n", Expectation.ANY);
        raw("Transfer-Encoding: xchunked", paymentHead() + "Transfer-Encoding: xchunked\r\n\r\n" + payment, Expectation.ANY, Set.of(501));
        raw("Transfer-Encoding: chunked, identity", paymentHead() + "Transfer-Encoding: chunked, identity\r\n\r\n"
                + Integer.toHexString(payment.length()) + "\r\n" + payment + "\r\n0\r\n\r\n", Expectation.ANY, Set.of(501));
        raw("Content-Length and Transfer-Encoding together", paymentHead() + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(payment.length()) + "\r\n" + payment + "\r\n0\r\n\r\n", Expectation.ANY);
        raw("negative Content-Length", paymentHead() + "Content-Length: -1\r\n\r\n" + payment, Expectation.status(400));
        raw("non-numeric Content-Length", paymentHead() + "Content-Length: abc\r\n\r\n" + payment, Expectation.status(400));
        raw("two different Content-Length values", paymentHead() + "Content-Length: " + payment.length() + "\r\nContent-Length: "
                + (payment.length() + 1) + "\r\n\r\n" + payment, Expectation.status(400));
        raw("Content-Length list '5, 6'", paymentHead() + "Content-Length: 5, 6\r\n\r\n" + payment, Expectation.status(400));
        rawAbort("Content-Length larger than the body, then the client closes its output", bytes(paymentHead() + "Content-Length: "
                + (payment.length() + 100) + "\r\n\r\n" + payment));
        rawAbort("10 MB Content-Length announced, 10 bytes sent, then the client closes its output", bytes(paymentHead()
                + "Content-Length: " + (10 * MB) + "\r\n\r\n{\"amount\":"));
        raw("10 MB body sent chunked", chunked(paymentHead(), payment("1000", "\"INR\"", "\"" + "r".repeat(10 * MB) + "\"", APPROVE)),
                Expectation.status(413));

        raw("Upgrade: h2c", "GET /health HTTP/1.1\r\n" + hostLine + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n", Expectation.ANY);
        raw("Upgrade: h2c on a POST", paymentHead().replace(close, "") + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: " + payment.length() + "\r\n\r\n" + payment,
                Expectation.ANY);
        raw("Upgrade: websocket", "GET /api/v1/events HTTP/1.1\r\n" + hostLine + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Api-Key: " + tenantKey + "\r\n\r\n",
                Expectation.ANY);
        raw("HTTP/2 connection preface on the HTTP/1.1 port", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Expectation.ANY, Set.of(505));
        rawAbort("TLS ClientHello on the plain port", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1,
                0x03, 0x03, 0x00, 0x01, 0x02, 0x03});
        rawAbort("only blank lines, then the client closes its output", bytes("\r\n\r\n\r\n"));
        rawAbort("connection opened and closed without a byte", new byte[0]);
    }

    /** The head of a payment request under a fresh idempotency key, without its framing headers. */
    private String paymentHead() {
        return "POST /api/v1/payments HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\nX-Api-Key: " + tenantKey + "\r\n"
                + JSON_TYPE + "\r\nIdempotency-Key: " + UUID.randomUUID() + "\r\n";
    }

    private static String chunked(String head, String body) {
        StringBuilder message = new StringBuilder(head).append("Transfer-Encoding: chunked\r\n\r\n");
        int chunk = 64 * 1024;
        for (int start = 0; start < body.length(); start += chunk) {
            String part = body.substring(start, Math.min(body.length(), start + chunk));
            message.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        return message.append("0\r\n\r\n").toString();
    }

    /** A raw-socket case may be answered by closing the connection; a well-formed request may not. */
    private static List<String> unanswered(Case hostile, String why) {
        return hostile.raw() ? List.of() : List.of("no response to a well-formed request (" + why + ")");
    }

    private List<String> check(Case hostile, RawHttp.Response response) {
        int status = response.status();
        if (status == 0) {
            return List.of("not an HTTP response: " + abbreviate(response.statusLine()));
        }
        List<String> broken = new ArrayList<>();
        if (status >= 500 && status != 503 && !hostile.tolerated5xx().contains(status)) {
            broken.add("server error " + status);
        }
        if (!hostile.expectation().accepts().test(status) && status != 429 && status != 503) {
            broken.add("expected " + hostile.expectation().description());
        }
        broken.addAll(contract.breaches(response, hostile.head()));
        return broken;
    }

    private static String summary(Map<String, Integer> byStatus, List<String> rawOutcomes, List<Violation> violations, Duration took) {
        StringBuilder summary = new StringBuilder("\n=== HostileInputIT summary ===\n");
        summary.append(String.format("%-64s %6s%n", "answers by status", "count"));
        byStatus.forEach((status, count) -> summary.append(String.format("  %-62s %6d%n", status, count)));
        summary.append(String.format("%-64s %6d%n", "cases sent", byStatus.values().stream().mapToInt(Integer::intValue).sum()));
        summary.append(String.format("%-64s %6.1f s%n", "time", took.toMillis() / 1000.0));
        summary.append("raw-socket cases:\n");
        rawOutcomes.forEach(outcome -> summary.append(outcome).append('\n'));
        Map<String, Integer> byRule = new TreeMap<>();
        violations.forEach(violation -> violation.rules().forEach(rule -> byRule.merge(rule, 1, Integer::sum)));
        summary.append(String.format("%-64s %6s%n", "broken rules", "cases"));
        byRule.forEach((rule, count) -> summary.append(String.format("  %-62s %6d%n", rule, count)));
        summary.append(String.format("%-64s %6d%n", "cases breaking a rule", violations.size()));
        return summary.toString();
    }

    private void postPayment(String what, String body, Expectation expectation) {
        postPayment(what, bytes(body), expectation);
    }

    private void postPayment(String what, byte[] body, Expectation expectation) {
        request("POST /api/v1/payments [tenant key] " + what, RawHttp.request("POST", "/api/v1/payments", host,
                List.of(apiKey(tenantKey), JSON_TYPE, "Idempotency-Key: " + UUID.randomUUID()), body), expectation);
    }

    private void postTenant(String what, String body, Expectation expectation) {
        postTenant(what, bytes(body), expectation);
    }

    private void postTenant(String what, byte[] body, Expectation expectation) {
        request("POST /api/v1/tenants [admin key] " + what, RawHttp.request("POST", "/api/v1/tenants", host,
                List.of(apiKey(adminKey), JSON_TYPE), body), expectation);
    }

    /** A well-formed request, which must be answered. */
    private void request(String description, byte[] request, Expectation expectation) {
        add(description, request, false, false, false, expectation, Set.of());
    }

    private void raw(String description, String request, Expectation expectation) {
        raw(description, request, expectation, Set.of());
    }

    private void raw(String description, byte[] request, Expectation expectation) {
        add("raw: " + description, request, true, false, false, expectation, Set.of());
    }

    private void raw(String description, String request, Expectation expectation, Set<Integer> tolerated5xx) {
        add("raw: " + description, bytes(request), true, false, false, expectation, tolerated5xx);
    }

    /** Protocol abuse after which the client half-closes the connection, as one that gives up mid-request. */
    private void rawAbort(String description, byte[] request) {
        add("raw: " + description, request, true, false, true, Expectation.ANY, Set.of());
    }

    private void add(String description, byte[] request, boolean raw, boolean head, boolean closeOutput, Expectation expectation,
                     Set<Integer> tolerated5xx) {
        cases.add(new Case(description, request, raw, head, closeOutput, expectation, tolerated5xx));
    }

    private List<String> keyHeader(KeyKind key) {
        return switch (key) {
            case NONE -> List.of();
            case WRONG -> List.of(apiKey(wrongKey));
            case TENANT -> List.of(apiKey(tenantKey));
            case ADMIN -> List.of(apiKey(adminKey));
        };
    }

    private static String apiKey(String key) {
        return BaseplateApi.API_KEY + ": " + key;
    }

    private void postAsTenant(String path, String what, String body, Expectation expectation) {
        postAsTenant(path, what, bytes(body), expectation);
    }

    /** A body the route must refuse as invalid: {@link Expectation#invalid}. */
    private void postInvalid(String path, String what, String body) {
        postInvalid(path, what, bytes(body));
    }

    private void postInvalid(String path, String what, byte[] body) {
        postAsTenant(path, what, body, Expectation.invalid(body));
    }

    private void postAsTenant(String path, String what, byte[] body, Expectation expectation) {
        request("POST " + path + " [tenant key] " + what, RawHttp.request("POST", path, host, List.of(apiKey(tenantKey), JSON_TYPE),
                body), expectation);
    }

    /** The body of {@code POST /api/v1/users}; arguments are JSON values. */
    private static String user(String name, String roles) {
        return "{\"name\":" + name + ",\"roles\":" + roles + "}";
    }

    /** The body of {@code POST /api/v1/keys}; arguments are JSON values, {@code more} further members after a comma. */
    private static String key(String name, String roles, String more) {
        return "{\"name\":" + name + ",\"roles\":" + roles + more + "}";
    }

    /** A name no user or key has yet, as a JSON string. */
    private static String freshName() {
        return "\"hostile-" + UUID.randomUUID() + "\"";
    }

    private static String payment(String amount, String currency, String reference, String paymentMethod) {
        return "{\"amount\":" + amount + ",\"currency\":" + currency + ",\"reference\":" + reference + ",\"paymentMethod\":"
                + paymentMethod + "}";
    }

    private static String freshTenantName() {
        return "hostile-" + UUID.randomUUID();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 40) + "... (" + text.length() + " chars)";
    }

    private static String snippet(String body) {
        String oneLine = body.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "... (" + body.length() + " chars)";
    }
}
