package io.baseplate.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The platform's HTTP API as the tests call it, with {@link HttpClient} (java.* is visible to every
 * bundle) and the distribution's own Jackson (the probe imports it dynamically).
 */
final class BaseplateApi {

    static final String API_KEY = "X-Api-Key";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** An HTTP answer: status, the headers the tests look at, and the body. */
    record Reply(int status, String contentType, Map<String, List<String>> headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private final URI base;
    private final String adminKey;

    BaseplateApi(int port, String adminKey) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.adminKey = adminKey;
    }

    /** {@code GET path}; {@code apiKey} may be null to send no key. */
    Reply get(String path, String apiKey) {
        return send(request(path, apiKey).GET());
    }

    /** The platform admin key. */
    String adminKey() {
        return adminKey;
    }

    /** {@code HEAD path}; {@code apiKey} may be null to send no key. */
    Reply head(String path, String apiKey) {
        return send(request(path, apiKey).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code DELETE path}; {@code apiKey} may be null to send no key. */
    Reply delete(String path, String apiKey) {
        return send(request(path, apiKey).DELETE());
    }

    /** {@code POST path} with a JSON body; {@code headers} are name, value pairs. */
    Reply post(String path, String apiKey, String jsonBody, String... headers) {
        HttpRequest.Builder request = request(path, apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** {@code POST path} with a body of any media type. */
    Reply postAs(String path, String apiKey, String contentType, String body) {
        return send(request(path, apiKey).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any method on any path; a JSON body when {@code jsonBody} is not null; then header names and values. */
    Reply call(String method, String path, String apiKey, String jsonBody, String... headers) {
        HttpRequest.Builder request = request(path, apiKey);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return send(request);
    }

    /** Creates a tenant with the admin key and issues it an API key; returns the tenant's key. */
    String newTenantKey(String tenantName) {
        return newKey(newTenant(tenantName));
    }

    /** Creates a tenant with the admin key; returns its id. */
    String newTenant(String tenantName) {
        Reply tenant = post("/api/v1/tenants", adminKey, json(Map.of("name", tenantName)));
        expectStatus(tenant, 201);
        return tenant.json().path("id").asText();
    }

    /**
     * Issues a new API key (a tenant admin's) to a tenant with the admin key, and with it enables the default
     * feature's gateways for the tenant, so that it can pay; returns the key.
     */
    String newKey(String tenantId) {
        Reply key = post("/api/v1/tenants/" + tenantId + "/keys", adminKey, "");
        expectStatus(key, 201);
        String tenantKey = key.json().path("key").asText();
        for (String gatewayId : BaseplateTestSupport.DEFAULT_FEATURE_GATEWAYS) {
            enableSandboxGateway(tenantKey, gatewayId);
        }
        return tenantKey;
    }

    /**
     * Enables a gateway in sandbox mode for the tenant of {@code tenantKey} (a tenant admin's key): a tenant
     * pays only through gateways it has enabled, and only an installed gateway can be enabled (404 otherwise).
     */
    void enableSandboxGateway(String tenantKey, String gatewayId) {
        Reply setting = call("PUT", "/api/v1/payment-gateways/" + gatewayId, tenantKey,
                json(Map.of("enabled", true, "mode", "sandbox")));
        expectStatus(setting, 200);
    }

    /** {@code POST /api/v1/payments} with a fresh reference derived from the idempotency key. */
    Reply pay(String tenantKey, String idempotencyKey, long amount, String currency, String paymentMethod) {
        return post("/api/v1/payments", tenantKey, payment(amount, currency, "order-" + idempotencyKey, paymentMethod),
                IDEMPOTENCY_KEY, idempotencyKey);
    }

    /** The body of a payment request. */
    static String payment(long amount, String currency, String reference, String paymentMethod) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount);
        body.put("currency", currency);
        body.put("reference", reference);
        body.put("paymentMethod", paymentMethod);
        return json(body);
    }

    /** The ids {@code GET /api/v1/gateways} lists now. */
    List<String> gatewayIds(String tenantKey) {
        List<String> ids = new ArrayList<>();
        gateways(tenantKey).forEach(gateway -> ids.add(gateway.path("id").asText()));
        return ids;
    }

    /** The gateway {@code GET /api/v1/gateways} lists under {@code id}, if any. */
    Optional<JsonNode> gateway(String tenantKey, String id) {
        for (JsonNode gateway : gateways(tenantKey)) {
            if (id.equals(gateway.path("id").asText())) {
                return Optional.of(gateway);
            }
        }
        return Optional.empty();
    }

    private JsonNode gateways(String tenantKey) {
        Reply reply = get("/api/v1/gateways", tenantKey);
        expectStatus(reply, 200);
        return reply.json().path("items");
    }

    /** Subscribes to the tenant's live events; {@code lastEventId} may be null. */
    EventStream events(String tenantKey, String lastEventId) throws IOException, InterruptedException {
        return EventStream.open(HTTP, base.resolve("/api/v1/events"), tenantKey, lastEventId);
    }

    /** Subscribes with a query string (e.g. {@code topic=baseplate/payment/*}); {@code lastEventId} may be null. */
    EventStream events(String apiKey, String lastEventId, String query) throws IOException, InterruptedException {
        return EventStream.open(HTTP, base.resolve("/api/v1/events?" + query), apiKey, lastEventId);
    }

    /** The status of {@code GET /health}, or -1 while nothing listens on the port. */
    int healthStatus() {
        try {
            return HTTP.send(request("/health", null).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while probing /health", e);
        }
    }

    static void expectStatus(Reply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("Expected HTTP " + status + " but got " + reply);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        if (apiKey != null) {
            request.header(API_KEY, apiKey);
        }
        return request;
    }

    private static Reply send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map(), response.body());
        } catch (IOException e) {
            // The client's own exception is raised on its selector thread: name the request it failed on.
            throw new UncheckedIOException(request.method() + " " + request.uri().getRawPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during an HTTP call", e);
        }
    }
}
