package io.baseplate.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.security.ApiKeyAuthenticator;
import io.baseplate.api.security.AuditTrail;
import io.baseplate.core.support.PresentedKey;

/**
 * Admission control in front of every servlet, Jakarta REST included:
 * <ul>
 *   <li>From the moment the framework begins to stop, new requests are answered 503 with
 *       {@code Retry-After} while the requests already in flight finish (up to the drain timeout);
 *       then the server stops accepting connections, before any bundle has stopped. So no request
 *       meets a half-stopped platform (a 404 for a route, a 422 for a gateway already gone).</li>
 *   <li>Each API key may have only so many requests in flight: a client that holds connections open
 *       (a body sent a byte at a time, say) gets 429 beyond that instead of taking every server thread.</li>
 *   <li>{@code TRACE} is refused: it would echo the request's headers, API key included.</li>
 *   <li>Every attempt on a protected route is audited once its response is complete; see
 *       {@link AccessAudit}. The gate is the one place that sees every request exactly once, its own
 *       refusals included.</li>
 * </ul>
 */
@Component(service = {Preprocessor.class, RequestGate.class}, configurationPid = RequestGate.PID)
@Designate(ocd = RequestGate.Config.class)
public class RequestGate implements Preprocessor, SynchronousBundleListener {

    public static final String PID = "io.baseplate.http.gate";
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);
    private static final String HEALTH_PATH = "/health";
    /** A refusal is a few lines of JSON; this bounds the wait for the last ones should a client stall. */
    private static final Duration REFUSALS_TIMEOUT = Duration.ofSeconds(2);

    @ObjectClassDefinition(name = "Baseplate request gate",
            description = "Admission of HTTP requests: per-key concurrency and graceful stop")
    public @interface Config {

        @AttributeDefinition(name = "Requests in flight per API key",
                description = "More concurrent requests with one key are answered 429", min = "1")
        int maxConcurrentRequestsPerKey() default 16;

        @AttributeDefinition(name = "Drain timeout (s)",
                description = "How long requests in flight may finish once the platform begins to stop", min = "0")
        int drainTimeoutSeconds() default 25;

        @AttributeDefinition(name = "Retry-After (s)",
                description = "Sent with 503 while stopping and with 429", min = "1")
        int retryAfterSeconds() default 5;
    }

    private final ServerControl server;
    private final BundleContext context;
    private final Map<String, Integer> inFlightPerKey = new ConcurrentHashMap<>();
    private final Admission admission = new Admission();
    private final AccessAudit audit = new AccessAudit();
    private volatile Config config;

    @Activate
    public RequestGate(@Reference ServerControl server, BundleContext context, Config config) {
        this.server = server;
        this.context = context;
        this.config = config;
        context.addBundleListener(this);
    }

    @Modified
    void modified(Config configuration) {
        this.config = configuration;
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        audit.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAuditTrail(AuditTrail trail) {
        audit.setTrail(trail);
    }

    void unsetAuditTrail(AuditTrail trail) {
        audit.unsetTrail(trail);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin events) {
        audit.setEvents(events);
    }

    void unsetEventAdmin(EventAdmin events) {
        audit.unsetEvents(events);
    }

    /** The Retry-After, in seconds, sent with 503 while stopping and with 429. */
    int retryAfterSeconds() {
        return config.retryAfterSeconds();
    }

    /** True from the moment the framework begins to stop. */
    public boolean isStopping() {
        return admission.isClosing();
    }

    /** Called synchronously when the framework begins to stop, before any bundle is stopped. */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == Constants.SYSTEM_BUNDLE_ID) {
            drain(Duration.ofSeconds(config.drainTimeoutSeconds()));
            server.stopAccepting();
            awaitRefusals();
        }
    }

    /**
     * Waits for the 503s that requests on keep-alive connections got while the connectors were closing: each is
     * audited before it leaves, and the audit trail must still be there when it does (bundles stop next).
     */
    private void awaitRefusals() {
        try {
            int unfinished = admission.awaitEmpty(REFUSALS_TIMEOUT);
            if (unfinished > 0) {
                LOG.warn("Stopping: {} refused request(s) still being answered after {} ms", unfinished, REFUSALS_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses new requests with 503 and waits until the ones in flight have finished, or the timeout. */
    void drain(Duration timeout) {
        long start = System.nanoTime();
        int unfinished;
        try {
            unfinished = admission.close(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Stopping: interrupted while waiting for requests in flight to finish");
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (unfinished > 0) {
            LOG.warn("Stopping: {} request(s) still in flight after {} ms", unfinished, millis);
        } else {
            LOG.info("Stopping: requests in flight finished in {} ms; new requests are answered 503", millis);
        }
    }

    /**
     * Admits, refuses or passes the request on, then audits it before it leaves the admission count:
     * a graceful stop, which waits for that count to reach zero before any bundle stops, therefore
     * never outruns an audit entry. Refusals while stopping are counted too, for the same reason.
     */
    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        Instant arrival = Instant.now();
        long start = System.nanoTime();
        boolean admitted = admission.enter(HEALTH_PATH.equals(request.getRequestURI()));
        if (!admitted) {
            admission.enterRefused();
        }
        boolean failed = false;
        try {
            if (admitted) {
                admit(request, response, chain);
            } else {
                refuseWhileStopping(response);
                AccessAudit.markRefusedByGate(request);
            }
        } catch (IOException | ServletException | RuntimeException | Error e) {
            failed = true;
            throw e;
        } finally {
            try {
                audit.completed(request, response, arrival, start, failed);
            } finally {
                admission.leave();
            }
        }
    }

    private void admit(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("TRACE".equals(method) || "TRACK".equals(method)) {
            response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            ProblemBodies.send(response, 405, "TRACE is disabled on this server");
            AccessAudit.markRefusedByGate(request);
            return;
        }
        String keyId = keyId(PresentedKey.from(request.getHeaders(ApiKeyAuthenticator.HEADER),
                request.getHeaders(PresentedKey.AUTHORIZATION)).key());
        if (keyId != null && inFlightPerKey.merge(keyId, 1, Integer::sum) > config.maxConcurrentRequestsPerKey()) {
            release(keyId);
            response.setHeader("Retry-After", Integer.toString(retryAfterSeconds()));
            ProblemBodies.send(response, 429);
            AccessAudit.markRefusedByGate(request);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (keyId != null) {
                release(keyId);
            }
        }
    }

    private void refuseWhileStopping(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Integer.toString(retryAfterSeconds()));
        response.setHeader("Connection", "close");
        ProblemBodies.send(response, 503, "The platform is stopping; retry shortly");
    }

    private void release(String keyId) {
        inFlightPerKey.computeIfPresent(keyId, (id, count) -> count > 1 ? count - 1 : null);
    }

    /** Keys are counted by digest, so the gate never holds a secret in memory longer than the request. */
    private static String keyId(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
