package io.baseplate.bench.jobs.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandType;

/**
 * Does no work: records when it started each job (against the submit time the job carries) and when
 * it returned, for the job's run. A job of a run this bundle no longer knows (e.g. left from before
 * a restart) is done at once.
 */
@Component
@CommandType(NoopCommandHandler.TYPE)
public class NoopCommandHandler implements CommandHandler {

    static final String TYPE = "bench.noop";

    private final JobRuns runs;

    @Activate
    public NoopCommandHandler(@Reference JobRuns runs) {
        this.runs = runs;
    }

    @Override
    public String execute(Command command) {
        long started = System.nanoTime();
        Map<String, String> payload = command.payload();
        long submitted = Long.parseLong(required(payload, JobRuns.SUBMITTED_NANOS));
        int job = Integer.parseInt(required(payload, JobRuns.JOB));
        JobRun run = runs.find(required(payload, JobRuns.RUN)).orElse(null);
        if (run == null) {
            return "no such run";
        }
        run.started(job, started - submitted);
        run.finished(job, System.nanoTime());
        return null;
    }

    private static String required(Map<String, String> payload, String name) {
        String value = payload.get(name);
        if (value == null) {
            throw new IllegalArgumentException(TYPE + " command lacks '" + name + "'");
        }
        return value;
    }
}
