package io.baseplate.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the legacy database fixture holds, as its {@code contents.json} lists it (see
 * {@code src/test/resources/legacy-0.1/README.md}). Kept out of the test class: JUnit reflects test
 * classes outside the container, where Jackson is not on the class path, so a test class must not
 * name Jackson's types in its fields or method signatures.
 */
final class LegacyDatabase {

    /** The fixture folder on the test class path: the database file, contents.json and a README. */
    static final String RESOURCE_FOLDER = "/legacy-0.1";

    private final JsonNode contents;

    private LegacyDatabase(JsonNode contents) {
        this.contents = contents;
    }

    /** Reads {@code contents.json} of the fixture folder {@code directory}. */
    static LegacyDatabase read(Path directory) throws IOException {
        return new LegacyDatabase(new ObjectMapper().readTree(Files.readString(directory.resolve("contents.json"))));
    }

    String tenantId() {
        return contents.path("tenant").path("id").asText();
    }

    String tenantKey() {
        return contents.path("tenant").path("key").asText();
    }

    /** The payments, each with id, idempotencyKey, request (the body it was made with), status, amount, currency, gateway, reference. */
    List<JsonNode> payments() {
        return list(contents.path("payments"));
    }

    /** The one payment stored with {@code status}. */
    JsonNode payment(String status) {
        for (JsonNode payment : payments()) {
            if (status.equals(payment.path("status").asText())) {
                return payment;
            }
        }
        throw new AssertionError("No " + status + " payment in the fixture: " + contents);
    }

    /** The jobs, each with id, type, status, attempts and result. */
    List<JsonNode> jobs() {
        return list(contents.path("jobs"));
    }

    /** The {@code id} fields of {@code items}. */
    static List<String> ids(Iterable<JsonNode> items) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items) {
            ids.add(item.path("id").asText());
        }
        return ids;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Override
    public String toString() {
        return contents.toString();
    }
}
