package io.baseplate.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per tenant and gateway: after {@code threshold} calls in a row that failed as
 * retryable, the gateway is skipped for that tenant for {@code openFor}; then one call is let through
 * (half open), which closes the circuit if it succeeds and opens it again if it fails. Kept in memory per
 * node: a breaker protects this node's callers, and a restart forgets it, which only costs a few calls.
 */
final class CircuitBreakers {

    private record State(int failures, Instant openUntil, boolean trialInFlight) {
    }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    CircuitBreakers(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go to this tenant's gateway now; claims the one trial call of a half-open circuit. */
    boolean allows(String tenantId, String gatewayId) {
        boolean[] allowed = {true};
        states.computeIfPresent(key(tenantId, gatewayId), (key, state) -> {
            if (state.openUntil() == null) {
                return state;
            }
            if (clock.instant().isBefore(state.openUntil()) || state.trialInFlight()) {
                allowed[0] = false;
                return state;
            }
            return new State(state.failures(), state.openUntil(), true);
        });
        return allowed[0];
    }

    /** The gateway answered (a verdict, even a decline): it works. */
    void succeeded(String tenantId, String gatewayId) {
        states.remove(key(tenantId, gatewayId));
    }

    /** The gateway failed in a way worth not repeating: unavailable, or no answer. */
    void failed(String tenantId, String gatewayId) {
        states.merge(key(tenantId, gatewayId), new State(1, null, false), (old, one) -> {
            int failures = old.failures() + 1;
            boolean open = old.openUntil() != null || failures >= threshold;
            return new State(failures, open ? clock.instant().plus(openFor) : null, false);
        });
    }

    private static String key(String tenantId, String gatewayId) {
        return tenantId + "/" + gatewayId;
    }
}
