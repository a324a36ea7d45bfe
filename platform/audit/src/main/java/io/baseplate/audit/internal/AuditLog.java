package io.baseplate.audit.internal;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.security.AuditEntry;
import io.baseplate.api.security.AuditTrail;

/**
 * The platform's {@link AuditTrail}: entries are queued and written in batches by one thread (see
 * {@link AuditWriter}), and read back, newest first, by {@code GET /api/v1/audit}.
 *
 * <p><b>Graceful shutdown.</b> The request gate drains requests, each of which has recorded its entry
 * before it leaves the gate, before any bundle stops. When this component then deactivates, because
 * its bundle stops or because its {@link Persistence} goes away (the reference is static, so this
 * happens while that service is still usable), it writes every queued entry before it returns.
 */
@Component(service = {AuditTrail.class, AuditLog.class}, configurationPid = AuditLog.PID)
@Designate(ocd = AuditLog.Config.class)
public class AuditLog implements AuditTrail {

    public static final String PID = "io.baseplate.audit";

    @ObjectClassDefinition(name = "Baseplate audit trail", description = "How audit entries are written")
    public @interface Config {

        @AttributeDefinition(name = "Queue capacity",
                description = "Entries waiting to be written; beyond this a request writes its own entry", min = "1")
        int queueCapacity() default 100_000;

        @AttributeDefinition(name = "Batch size", description = "Entries written per transaction", min = "1")
        int batchSize() default 500;

        @AttributeDefinition(name = "Shutdown wait (s)",
                description = "How long stopping waits for the writer's current batch before writing the rest itself", min = "0")
        int shutdownWaitSeconds() default 10;
    }

    private final AuditStore store;
    private final AuditWriter writer;
    private final Duration shutdownWait;

    @Activate
    public AuditLog(@Reference Persistence persistence, Config config) {
        this.store = new AuditStore(persistence);
        this.writer = new AuditWriter(store::insert, config.queueCapacity(), config.batchSize());
        this.shutdownWait = Duration.ofSeconds(config.shutdownWaitSeconds());
        writer.start();
    }

    @Deactivate
    void deactivate() {
        writer.close(shutdownWait);
    }

    @Override
    public void record(AuditEntry entry) {
        writer.record(entry);
    }

    /** A page of the trail; entries recorded but still queued are not in it yet. */
    AuditPage page(AuditQuery query) {
        return store.page(query);
    }
}
