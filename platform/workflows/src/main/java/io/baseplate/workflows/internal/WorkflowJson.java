package io.baseplate.workflows.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.baseplate.api.domain.DomainException;

/**
 * JSON of the engine: the instance's and steps' data columns, and a transition's optional request body, read
 * as strictly as the platform reads every body (no duplicate keys, nothing after the value).
 */
final class WorkflowJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private WorkflowJson() {
    }

    /**
     * A request body as an input map: empty when there is no body; a 400 when it is not one JSON object.
     */
    static Map<String, Object> input(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode tree = JSON.readTree(body);
            if (!tree.isObject()) {
                throw DomainException.invalid("The request body must be a JSON object");
            }
            return JSON.convertValue(tree, OBJECT);
        } catch (JsonProcessingException e) {
            // Limits (nesting depth, number length) are reported without a location.
            throw DomainException.invalid(e.getLocation() == null ? "The request body is not JSON this route can read"
                    : "The request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    /** A stored data column. */
    static Map<String, Object> read(String column) {
        try {
            return WorkflowRules.normalized(JSON.readValue(column, OBJECT));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A workflow data column is not a JSON object", e);
        }
    }

    /** Data for a column; null values (removals) are written, so a step shows what it removed. */
    static String write(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Workflow data cannot be written as JSON", e);
        }
    }
}
