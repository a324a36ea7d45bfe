package io.baseplate.bench.jobs.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;

/** A CommandBus for tests of code that only submits plain commands: the rest is not theirs to call. */
final class SubmitOnlyBus implements CommandBus {

    /** What a submit does. */
    interface Submitter {
        String submit(String tenantId, String type, Map<String, String> payload);
    }

    private final Submitter submitter;

    SubmitOnlyBus(Submitter submitter) {
        this.submitter = submitter;
    }

    @Override
    public String submit(String tenantId, String type, Map<String, String> payload) {
        return submitter.submit(tenantId, type, payload);
    }

    @Override
    public String submit(CommandRequest request) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public String submitBatch(String tenantId, String name, List<CommandRequest> children) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public Instant schedule(String tenantId, String name, String cron, ZoneId zone, String type, Map<String, String> payload) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public Optional<BatchProgress> batch(String tenantId, String batchId) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public boolean unschedule(String tenantId, String name) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }
}
