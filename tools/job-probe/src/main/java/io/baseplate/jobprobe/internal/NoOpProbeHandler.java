package io.baseplate.jobprobe.internal;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandType;

/** Does nothing: what the engine itself costs per job, for the benchmark. */
@Component
@CommandType(NoOpProbeHandler.TYPE)
public class NoOpProbeHandler implements CommandHandler {

    static final String TYPE = "ProbeNoop";

    @Override
    public String execute(Command command) {
        return null;
    }
}
