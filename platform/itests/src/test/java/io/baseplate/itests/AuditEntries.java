package io.baseplate.itests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads {@code GET /api/v1/audit} for the tests. Kept out of the test classes: Jackson is not on
 * failsafe's class path, and JUnit reflects on every method of a test class before the container runs it.
 */
final class AuditEntries {

    static final String AUDIT = "/api/v1/audit";

    /** One entry as the API shows it. */
    record Entry(String id, Instant at, String tenantId, String keyPrefix, String method, String route, int status,
            String client, long latencyMicros) {

        /** {@code "GET /api/v1/gateways 200"}. */
        String outcome() {
            return method + " " + route + " " + status;
        }
    }

    private AuditEntries() {
    }

    /** Every entry matching {@code query}, walking pages of {@code limit} entries by their cursors. */
    static List<Entry> walk(BaseplateApi api, String key, String query, int limit) {
        List<Entry> entries = new ArrayList<>();
        String cursor = null;
        do {
            BaseplateApi.Reply page = api.get(AUDIT + "?" + query + "&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + encode(cursor)), key);
            BaseplateApi.expectStatus(page, 200);
            for (JsonNode item : page.json().path("items")) {
                entries.add(new Entry(item.path("id").asText(), Instant.parse(item.path("at").asText()),
                        text(item, "tenantId"), text(item, "keyPrefix"), item.path("method").asText(),
                        item.path("route").asText(), item.path("status").asInt(), text(item, "client"),
                        item.path("latencyMicros").asLong()));
            }
            JsonNode next = page.json().path("next");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return entries;
    }

    /** How many entries there are of each outcome. */
    static Map<String, Integer> outcomes(List<Entry> entries) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Entry entry : entries) {
            outcomes.merge(entry.outcome(), 1, Integer::sum);
        }
        return outcomes;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
