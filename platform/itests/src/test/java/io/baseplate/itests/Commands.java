package io.baseplate.itests;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;

import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;

/** The platform's CommandBus, reached from a helper: JUnit reads test classes' signatures outside the container, where API types are absent. */
final class Commands {

    private Commands() {
    }

    static CommandBus bus(BundleContext context) {
        return Optional.ofNullable(context.getServiceReference(CommandBus.class)).map(context::getService)
                .orElseThrow(() -> new AssertionError("No CommandBus service"));
    }

    /** A batch of one job of a type nobody handles, for the tenant; returns its id. */
    static String unhandledBatchOf(BundleContext context, String tenantId) {
        return bus(context).submitBatch(tenantId, "access matrix", List.of(CommandRequest.of(tenantId, "Unhandled", Map.of())));
    }
}
