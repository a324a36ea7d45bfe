package io.baseplate.gateway.razorpay.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayException.Kind;

/**
 * The Razorpay REST API over HTTP: HTTP Basic with the tenant's key id and secret, JSON both ways, and
 * the translation of every failure into a {@link GatewayException} of the right kind.
 */
final class RazorpayApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final Duration readTimeout;

    RazorpayApi(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.baseUrl = baseUrl;
        this.readTimeout = readTimeout;
    }

    /** The tenant's API key, as HTTP Basic credentials. */
    record ApiKey(String keyId, String keySecret) {

        String authorization() {
            String pair = keyId + ":" + keySecret;
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "ApiKey[keyId=" + keyId + "]";
        }
    }

    JsonNode get(ApiKey key, String path) throws GatewayException {
        return send(request(key, path).GET().build());
    }

    /** POSTs a JSON body; {@code headers} carries an idempotency header where Razorpay has one. */
    JsonNode post(ApiKey key, String path, Map<String, Object> body, Map<String, String> headers)
            throws GatewayException {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A request body of strings and numbers is always JSON", e);
        }
        HttpRequest.Builder request = request(key, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpRequest.Builder request(ApiKey key, String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(readTimeout)
                .header("Authorization", key.authorization())
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) throws GatewayException {
        String what = request.method() + " " + request.uri().getPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new GatewayException(Kind.RETRYABLE, null, "Razorpay unreachable: " + what, e);
        } catch (HttpTimeoutException e) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Razorpay did not answer in time: " + what, e);
        } catch (IOException e) {
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Razorpay connection failed after sending: " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Kind.OUTCOME_UNKNOWN, null, "Interrupted waiting for Razorpay: " + what, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                JsonNode body = JSON.readTree(response.body());
                if (body == null || !body.isObject()) {
                    throw new GatewayException(Kind.OUTCOME_UNKNOWN, String.valueOf(status),
                            "Razorpay answered " + what + " without a JSON object");
                }
                return body;
            } catch (JsonProcessingException e) {
                throw new GatewayException(Kind.OUTCOME_UNKNOWN, String.valueOf(status),
                        "Razorpay answered " + what + " with unreadable JSON");
            }
        }
        throw failure(what, status, response.body());
    }

    /**
     * 5xx and 429: Razorpay did not act. 409: an idempotent request with this key is still being processed,
     * so its outcome is not known yet. Any other 4xx: Razorpay refused the request itself.
     */
    private static GatewayException failure(String what, int status, String body) {
        JsonNode error = errorObject(body);
        String code = error.path("code").asText(null);
        String description = error.path("description").asText("");
        if (code == null || code.isBlank()) {
            code = String.valueOf(status);
        }
        String message = "Razorpay answered " + what + " with HTTP " + status
                + (description.isEmpty() ? "" : ": " + description);
        Kind kind;
        if (status >= 500 || status == 429) {
            kind = Kind.RETRYABLE;
        } else if (status == 409) {
            kind = Kind.OUTCOME_UNKNOWN;
        } else {
            kind = Kind.REJECTED;
        }
        return new GatewayException(kind, code, message);
    }

    private static JsonNode errorObject(String body) {
        try {
            JsonNode parsed = JSON.readTree(body == null ? "" : body);
            return parsed == null ? JSON.missingNode() : parsed.path("error");
        } catch (JsonProcessingException notJson) {
            // A proxy's HTML error page: the HTTP status is all there is to go on.
            return JSON.missingNode();
        }
    }

    static JsonNode parse(byte[] body) throws IOException {
        return JSON.readTree(body);
    }
}
