package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.persistence.Persistence;

/** Writes outbox events into OUTBOX_EVENTS within the caller's transaction, and reads them back as they are delivered. */
final class OutboxRows {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRows.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<LinkedHashMap<String, Object>> PROPERTIES = new TypeReference<>() {
    };
    private static final int MAX_TOPIC_LENGTH = 200;

    private OutboxRows() {
    }

    /** @return the event id */
    static String insert(Connection connection, String tenantId, String topic, String sourceId,
                         Map<String, ?> properties) throws SQLException {
        if (topic == null || topic.isBlank() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("An event needs a topic of at most " + MAX_TOPIC_LENGTH + " characters");
        }
        if (sourceId == null || sourceId.isBlank() || sourceId.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("An event needs a source id of at most " + MAX_TOPIC_LENGTH + " characters");
        }
        for (Map.Entry<String, ?> property : properties.entrySet()) {
            Object value = property.getValue();
            if (!(value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long || value instanceof Double)) {
                throw new IllegalArgumentException("Event property '" + property.getKey()
                        + "' must be a String, Boolean, Integer, Long or Double, not " + value);
            }
        }
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO OUTBOX_EVENTS "
                + "(ID, TENANT_ID, TOPIC, SOURCE_ID, PROPERTIES, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, tenantId);
            insert.setString(3, topic);
            insert.setString(4, sourceId);
            insert.setString(5, JSON.writeValueAsString(properties));
            insert.setTimestamp(6, Timestamp.from(Persistence.now()));
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event properties cannot be stored as JSON", e);
        }
        return id;
    }

    /**
     * An event's properties as Event Admin receives them: the stored ones, then the tenant, the event's id,
     * position and source, which the publisher cannot override. Unreadable stored properties are left out.
     */
    static Map<String, Object> deliveredProperties(long seq, String id, String tenantId, String sourceId, String json) {
        Map<String, Object> properties = new HashMap<>();
        try {
            properties.putAll(propertiesOf(json));
        } catch (IllegalStateException unreadable) {
            LOG.error("Outbox event {} has unreadable properties; delivered without them", id);
        }
        properties.put(PlatformEvents.TENANT_ID, tenantId);
        properties.put(Outbox.EVENT_ID, id);
        properties.put(Outbox.EVENT_SEQ, seq);
        properties.put(Outbox.SOURCE_ID, sourceId);
        return properties;
    }

    static Map<String, Object> propertiesOf(String json) {
        try {
            return JSON.readValue(json, PROPERTIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event properties are not a JSON object", e);
        }
    }
}
