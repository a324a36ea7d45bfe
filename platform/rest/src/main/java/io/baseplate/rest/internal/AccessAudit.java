package io.baseplate.rest.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.security.AuditEntry;
import io.baseplate.api.security.AuditTrail;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.SecurityEvents;
import io.baseplate.core.support.RequestAttributes;

/**
 * The request gate's audit of attempts on protected routes, one entry per request, written when the
 * gate's dispatch returns:
 * <ul>
 *   <li>A request is audited when whatever served it set {@link RequestAttributes#ROUTE}: the
 *       authentication filter on every non-public Jakarta REST route, the event stream servlet on
 *       {@code /api/v1/events}. Public routes, {@code /health} and static content are not.</li>
 *   <li>Requests the gate refuses itself (503 while stopping, 429 beyond the per-key concurrency,
 *       405 for {@code TRACE}) never reach a route, so nothing sets the route: those under
 *       {@code /api/} are audited anyway, since they are attempts on protected routes, with the raw
 *       path (truncated to {@value #MAX_RAW_ROUTE} characters) as the route, and no tenant, key
 *       prefix or user: the gate does not authenticate, and derives nothing from the presented
 *       secret.</li>
 *   <li>An asynchronous request (an event stream) is audited when its dispatch returns, that is once
 *       the stream is open, with the status committed then and the latency to that point: the
 *       attempt is what the trail records, not how long the stream stayed open.</li>
 * </ul>
 * Refused attempts (401, 403, 429) on routes marked {@link io.baseplate.api.security.Sensitive} are
 * also posted to Event Admin under {@link SecurityEvents#ACCESS_DENIED}.
 *
 * <p>Entries go to the {@link AuditTrail} service, which writes them off the request path. While no
 * trail is bound (its bundle is being updated), up to {@value #MAX_PENDING} entries wait here and are
 * handed over when one binds, so a restart of the audit bundle loses nothing either.
 */
final class AccessAudit {

    static final int MAX_RAW_ROUTE = 200;
    static final int MAX_PENDING = 100_000;
    private static final String API_PREFIX = "/api/";
    private static final Logger LOG = LoggerFactory.getLogger(AccessAudit.class);
    /** Set by the gate on its own refusals, which no route saw. */
    private static final String REFUSED_BY_GATE = "io.baseplate.audit.refusedByGate";

    private final Object lock = new Object();
    private final ArrayDeque<AuditEntry> pending = new ArrayDeque<>();
    private AuditTrail trail;
    private boolean warnedPending;
    private volatile EventAdmin events;

    static void markRefusedByGate(HttpServletRequest request) {
        request.setAttribute(REFUSED_BY_GATE, Boolean.TRUE);
    }

    void setTrail(AuditTrail bound) {
        List<AuditEntry> handOver;
        synchronized (lock) {
            trail = bound;
            handOver = new ArrayList<>(pending);
            pending.clear();
            warnedPending = false;
        }
        handOver.forEach(bound::record);
    }

    void unsetTrail(AuditTrail unbound) {
        synchronized (lock) {
            if (trail == unbound) {
                trail = null;
            }
        }
    }

    void setEvents(EventAdmin bound) {
        events = bound;
    }

    void unsetEvents(EventAdmin unbound) {
        if (events == unbound) {
            events = null;
        }
    }

    /** Entries that never found a trail are lost when the gate stops: say how many. */
    void close() {
        synchronized (lock) {
            if (!pending.isEmpty()) {
                LOG.error("{} audit entries were not written: no audit trail service was available", pending.size());
                pending.clear();
            }
        }
    }

    /** Audits the request if it was an attempt on a protected route; called once per request, after its dispatch. */
    void completed(HttpServletRequest request, HttpServletResponse response, Instant arrival, long startNanos, boolean failed) {
        AuditEntry entry = entry(request, response, arrival, startNanos, failed);
        if (entry == null) {
            return;
        }
        record(entry);
        if (request.getAttribute(RequestAttributes.SENSITIVE) != null && isDenial(entry.status())) {
            postDenied(entry);
        }
    }

    /** The entry for a completed request, or null when it was no attempt on a protected route. */
    static AuditEntry entry(HttpServletRequest request, HttpServletResponse response, Instant arrival,
            long startNanos, boolean failed) {
        Object route = request.getAttribute(RequestAttributes.ROUTE);
        String routeName;
        if (route instanceof String template) {
            routeName = template;
        } else if (request.getAttribute(REFUSED_BY_GATE) != null && request.getRequestURI().startsWith(API_PREFIX)) {
            String path = request.getRequestURI();
            routeName = path.length() > MAX_RAW_ROUTE ? path.substring(0, MAX_RAW_ROUTE) : path;
        } else {
            return null;
        }
        String tenantId;
        String keyPrefix;
        String userId = null;
        if (request.getAttribute(RequestAttributes.CALLER) instanceof Caller caller) {
            tenantId = caller.tenantId();
            keyPrefix = caller.keyPrefix();
            userId = caller.userId();
        } else {
            tenantId = stringAttribute(request, RequestAttributes.REFUSED_TENANT);
            keyPrefix = stringAttribute(request, RequestAttributes.REFUSED_KEY_PREFIX);
        }
        // An exception escaping the dispatch becomes a 500 unless a response was already committed.
        int status = failed && !response.isCommitted() ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
        long latencyMicros = (System.nanoTime() - startNanos) / 1_000;
        return new AuditEntry(arrival, tenantId, keyPrefix, userId, request.getMethod(), routeName, status,
                request.getRemoteAddr(), latencyMicros);
    }

    static boolean isDenial(int status) {
        return status == 401 || status == 403 || status == 429;
    }

    private void record(AuditEntry entry) {
        AuditTrail current;
        synchronized (lock) {
            current = trail;
            if (current == null) {
                if (pending.size() < MAX_PENDING) {
                    pending.add(entry);
                } else if (!warnedPending) {
                    warnedPending = true;
                    LOG.error("No audit trail service, and {} entries already wait for one: dropping further entries", MAX_PENDING);
                }
                return;
            }
        }
        current.record(entry);
    }

    private void postDenied(AuditEntry entry) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        putIfPresent(properties, SecurityEvents.TENANT_ID, entry.tenantId());
        putIfPresent(properties, SecurityEvents.KEY_PREFIX, entry.keyPrefix());
        putIfPresent(properties, SecurityEvents.METHOD, entry.method());
        putIfPresent(properties, SecurityEvents.ROUTE, entry.route());
        properties.put(SecurityEvents.STATUS, entry.status());
        putIfPresent(properties, SecurityEvents.CLIENT, entry.client());
        admin.postEvent(new Event(SecurityEvents.ACCESS_DENIED, properties));
    }

    private static void putIfPresent(Map<String, Object> properties, String name, Object value) {
        if (value != null) {
            properties.put(name, value);
        }
    }

    private static String stringAttribute(HttpServletRequest request, String name) {
        return request.getAttribute(name) instanceof String value ? value : null;
    }
}
