package io.baseplate.jobs.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.CommandBus;
import io.baseplate.api.persistence.Persistence;

/**
 * The durable command queue: a submitted command is committed to the JOBS table before
 * {@link #submit} returns, then a {@link JobWorker} runs it.
 */
@Component(service = {CommandBus.class, JobQueue.class})
public class JobQueue implements CommandBus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PAYLOAD = new TypeReference<>() {
    };

    /** A job as shown to its tenant. */
    public record JobView(String id, String type, JobStatus status, int attempts, String result, String lastError,
                          Instant createdAt, Instant updatedAt) {
    }

    private final Persistence persistence;
    private final List<Runnable> submitListeners = new CopyOnWriteArrayList<>();

    @Activate
    public JobQueue(@Reference Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public String submit(String tenantId, String type, Map<String, String> payload) {
        if (tenantId == null || type == null || type.isBlank()) {
            throw new IllegalArgumentException("A command needs a tenant and a type");
        }
        String json = toJson(payload);
        String id = UUID.randomUUID().toString();
        persistence.inTenant(tenantId, em -> {
            em.persist(new JobEntity(id, type, json, Persistence.now()));
            return null;
        });
        submitListeners.forEach(Runnable::run);
        return id;
    }

    public List<JobView> list(String tenantId) {
        return persistence.inTenant(tenantId, em -> em.createNamedQuery(JobEntity.NEWEST_FIRST, JobEntity.class)
                .getResultStream().map(JobQueue::view).toList());
    }

    public Optional<JobView> find(String tenantId, String jobId) {
        return persistence.inTenant(tenantId, em -> Optional.ofNullable(em.find(JobEntity.class, jobId)).map(JobQueue::view));
    }

    /** Lets the worker start a freshly submitted job at once instead of at its next poll. */
    void onSubmit(Runnable listener) {
        submitListeners.add(listener);
    }

    void removeSubmitListener(Runnable listener) {
        submitListeners.remove(listener);
    }

    static Map<String, String> payloadOf(String json) {
        try {
            return JSON.readValue(json, PAYLOAD);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored job payload is not a JSON object of strings", e);
        }
    }

    private static String toJson(Map<String, String> payload) {
        try {
            return JSON.writeValueAsString(payload == null ? Map.of() : payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Payload cannot be stored as JSON", e);
        }
    }

    private static JobView view(JobEntity job) {
        return new JobView(job.getId(), job.getType(), job.getStatus(), job.getAttempts(), job.getResult(),
                job.getLastError(), job.getCreatedAt(), job.getUpdatedAt());
    }
}
