package io.baseplate.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import jakarta.persistence.EntityManager;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.persistence.Persistence;

/**
 * An outbox for unit tests: it runs the work in the unit's transaction, as the platform's does, and keeps the
 * events and commands of the transactions that committed, in commit order. It refuses what the platform's outbox
 * refuses: property values it cannot store, and a command of another tenant than the transaction's.
 */
public final class RecordingOutbox implements Outbox {

    /** An event as published: its topic, source and properties. */
    public record Published(String topic, String sourceId, Map<String, ?> properties) {
    }

    public final List<Published> published = new CopyOnWriteArrayList<>();
    public final List<CommandRequest> submitted = new CopyOnWriteArrayList<>();
    /** Transactions that committed through this outbox. */
    public final AtomicInteger commits = new AtomicInteger();

    @Override
    public <T> T inTenant(Persistence unit, String tenantId, BiFunction<EntityManager, OutboxWriter, T> work) {
        List<Published> events = new ArrayList<>();
        List<CommandRequest> commands = new ArrayList<>();
        T result = unit.inTenant(tenantId, em -> {
            events.clear();
            commands.clear();
            return work.apply(em, new OutboxWriter() {
                @Override
                public String publish(String topic, String sourceId, Map<String, ?> properties) {
                    properties.values().forEach(value -> {
                        if (!(value instanceof String || value instanceof Boolean || value instanceof Integer
                                || value instanceof Long || value instanceof Double)) {
                            throw new IllegalArgumentException("the outbox stores no " + value);
                        }
                    });
                    events.add(new Published(topic, sourceId, Map.copyOf(properties)));
                    return sourceId;
                }

                @Override
                public String submit(CommandRequest command) {
                    if (!command.tenantId().equals(tenantId)) {
                        throw new IllegalArgumentException("a command of another tenant than the transaction's");
                    }
                    commands.add(command);
                    return "job-" + commands.size();
                }

                @Override
                public String submitBatch(String name, List<CommandRequest> children) {
                    throw new UnsupportedOperationException("no batches in this test outbox");
                }
            });
        });
        synchronized (this) {
            commits.incrementAndGet();
            published.addAll(events);
            submitted.addAll(commands);
        }
        return result;
    }

    /** The topics published for one source, in order. */
    public List<String> topicsOf(String sourceId) {
        return published.stream().filter(p -> p.sourceId().equals(sourceId)).map(Published::topic).toList();
    }
}
