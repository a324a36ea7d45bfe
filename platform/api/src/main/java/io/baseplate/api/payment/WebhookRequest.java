package io.baseplate.api.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A webhook call as it arrived, for {@link PaymentGateway#verifyWebhook}.
 *
 * @param headers    the HTTP headers; looked up without regard to case by {@link #header}
 * @param query      the query parameters
 * @param body       the raw body, byte for byte as received (signatures are over these bytes)
 * @param receivedAt when it arrived
 * @param tolerance  how far a signed timestamp may lie from {@code receivedAt} before the call counts as a replay
 */
public record WebhookRequest(Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body,
                             Instant receivedAt, Duration tolerance) {

    public WebhookRequest {
        Map<String, List<String>> byLowerCaseName = new TreeMap<>();
        Objects.requireNonNull(headers, "headers").forEach((name, values) ->
                byLowerCaseName.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = Map.copyOf(byLowerCaseName);
        query = Map.copyOf(Objects.requireNonNull(query, "query"));
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(tolerance, "tolerance");
    }

    /** The first value of a header, whatever its case, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of a query parameter, or null. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Whether a signed timestamp is within the tolerance of the arrival time, in either direction. */
    public boolean isFresh(Instant signedAt) {
        return Duration.between(signedAt, receivedAt).abs().compareTo(tolerance) <= 0;
    }
}
