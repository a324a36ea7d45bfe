package io.baseplate.jobprobe.internal;

import jakarta.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.persistence.Persistence;

/** Records each run of its jobs: the first by job id, any later one as a repeat. */
@Component
@CommandType(RecordingProbeHandler.TYPE)
public class RecordingProbeHandler implements CommandHandler {

    static final String TYPE = "ProbeRecord";

    private final Persistence persistence;

    @Activate
    public RecordingProbeHandler(@Reference Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public String execute(Command command) {
        try {
            boolean first = persistence.inTenant(command.tenantId(), em -> {
                if (em.find(ProbeRun.class, command.id()) != null) {
                    em.persist(new ProbeRepeat(command.id(), command.attempt()));
                    return false;
                }
                em.persist(new ProbeRun(command.id(), command.attempt()));
                return true;
            });
            return first ? "recorded" : "repeat recorded";
        } catch (PersistenceException concurrentFirstRun) {
            persistence.inTenant(command.tenantId(), em -> {
                em.persist(new ProbeRepeat(command.id(), command.attempt()));
                return null;
            });
            return "repeat recorded";
        }
    }
}
