package io.baseplate.bench.baseline;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Submission to the durable command queue, as the platform's JobQueue.submit: one tenant transaction. */
final class JobQueue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;

    JobQueue(Db db) {
        this.db = db;
    }

    String submit(String tenantId, String type, Map<String, String> payload) {
        String json;
        try {
            json = JSON.writeValueAsString(payload == null ? Map.of() : payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Payload cannot be stored as JSON", e);
        }
        String id = UUID.randomUUID().toString();
        db.inTenant(tenantId, em -> {
            em.persist(new JobEntity(id, type, json, Db.now()));
            return null;
        });
        return id;
    }
}
