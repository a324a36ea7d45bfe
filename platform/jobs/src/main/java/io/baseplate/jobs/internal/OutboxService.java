package io.baseplate.jobs.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;

import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.persistence.Persistence;

/**
 * The outbox: events and commands go into OUTBOX_EVENTS and JOBS on the JDBC connection of the
 * caller's own transaction (all bundles share the host's one pool and database), so they commit or
 * roll back with the caller's change. After the commit it wakes the relay and the worker.
 */
@Component(service = Outbox.class)
public class OutboxService implements Outbox {

    private final JobQueue queue;
    private final OutboxRelay relay;

    @Activate
    public OutboxService(@Reference JobQueue queue, @Reference OutboxRelay relay) {
        this.queue = queue;
        this.relay = relay;
    }

    @Override
    public <T> T inTenant(Persistence persistence, String tenantId, BiFunction<EntityManager, OutboxWriter, T> work) {
        Writer writer = new Writer(tenantId);
        T result = persistence.inTenant(tenantId, em -> {
            // EclipseLink begins the database transaction early and hands over its connection.
            writer.connection = em.unwrap(Connection.class);
            try {
                return work.apply(em, writer);
            } finally {
                writer.connection = null;
            }
        });
        if (writer.published) {
            relay.wake();
        }
        if (writer.submitted) {
            queue.jobsSubmitted();
        }
        return result;
    }

    private final class Writer implements OutboxWriter {

        private final String tenantId;
        private Connection connection;
        private boolean published;
        private boolean submitted;

        Writer(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public String publish(String topic, String sourceId, Map<String, ?> properties) {
            // Event Admin's own topic check, now rather than at delivery, where nobody could fix it.
            new Event(topic, Map.of());
            String id = write(connection -> OutboxRows.insert(connection, tenantId, topic, sourceId, properties));
            published = true;
            return id;
        }

        @Override
        public String submit(CommandRequest command) {
            if (!tenantId.equals(command.tenantId())) {
                throw new IllegalArgumentException("A command submitted through the outbox belongs to the transaction's tenant");
            }
            String id = write(connection -> JobRows.insert(connection, command, null, queue.handled()));
            submitted = true;
            return id;
        }

        @Override
        public String submitBatch(String name, List<CommandRequest> children) {
            String id = write(connection -> JobRows.insertBatch(connection, tenantId, name, children, queue.handled()));
            submitted = true;
            return id;
        }

        private String write(JobStore.Work<String> insert) {
            if (connection == null) {
                throw new IllegalStateException("The outbox writer is used outside its transaction");
            }
            try {
                return insert.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not write to the outbox", e);
            }
        }
    }
}
