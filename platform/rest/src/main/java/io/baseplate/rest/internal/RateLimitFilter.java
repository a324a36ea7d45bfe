package io.baseplate.rest.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.RateLimited;

/**
 * The {@link RateLimited} decorator: a token bucket per API key, at the caller's tenant's limit. The limit
 * is configuration PID {@value #PID}: {@code permitsPerSecond} and {@code burst} for every tenant, and
 * {@code tenant.<tenant id>.permitsPerSecond} / {@code tenant.<tenant id>.burst} for one tenant.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RateLimitFilter.PID)
@Designate(ocd = RateLimitFilter.Config.class)
@JakartarsExtension
@JakartarsName("rate-limited")
@JakartarsApplicationSelect(AllApplications.SELECT)
@RateLimited
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {

    public static final String PID = "io.baseplate.ratelimit";
    private static final String TENANT_PREFIX = "tenant.";
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitFilter.class);

    @ObjectClassDefinition(name = "Baseplate rate limits",
            description = "Requests per second per API key on @RateLimited routes; tenant.<id>.permitsPerSecond and "
                    + "tenant.<id>.burst override them for one tenant")
    public @interface Config {

        @AttributeDefinition(name = "Requests per second per key", min = "0.001")
        double permitsPerSecond() default 100;

        @AttributeDefinition(name = "Burst", description = "Requests a key may make at once after being idle", min = "1")
        double burst() default 200;
    }

    private final TokenBuckets buckets = new TokenBuckets(System::nanoTime);
    private volatile Limits limits;

    @Activate
    public RateLimitFilter(Config config, Map<String, Object> properties) {
        this.limits = Limits.of(config, properties);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        this.limits = Limits.of(config, properties);
        buckets.clear();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = Caller.of(request.getSecurityContext());
        TokenBuckets.Decision decision = buckets.take(caller.keyId(), limits.of(caller.tenantId()));
        if (!decision.allowed()) {
            request.abortWith(Response.status(429).header("Retry-After", decision.retryAfterSeconds())
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(429, "Too Many Requests", "This API key is over its rate limit; retry after "
                            + decision.retryAfterSeconds() + " s"))
                    .build());
        }
    }

    /** The default limit and each tenant's own. */
    private record Limits(TokenBuckets.Limit defaults, Map<String, TokenBuckets.Limit> perTenant) {

        TokenBuckets.Limit of(String tenantId) {
            return tenantId == null ? defaults : perTenant.getOrDefault(tenantId, defaults);
        }

        static Limits of(Config config, Map<String, Object> properties) {
            TokenBuckets.Limit defaults = new TokenBuckets.Limit(config.permitsPerSecond(), config.burst());
            Map<String, Double> rates = new HashMap<>();
            Map<String, Double> bursts = new HashMap<>();
            properties.forEach((key, value) -> {
                if (!key.startsWith(TENANT_PREFIX)) {
                    return;
                }
                String rest = key.substring(TENANT_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                if (dot <= 0) {
                    return;
                }
                String tenantId = rest.substring(0, dot);
                try {
                    double number = Double.parseDouble(String.valueOf(value).strip());
                    switch (rest.substring(dot + 1)) {
                        case "permitsPerSecond" -> rates.put(tenantId, number);
                        case "burst" -> bursts.put(tenantId, number);
                        default -> LOG.warn("Ignoring rate limit setting {}: expected permitsPerSecond or burst", key);
                    }
                } catch (NumberFormatException notANumber) {
                    LOG.warn("Ignoring rate limit setting {}: '{}' is not a number", key, value);
                }
            });
            Map<String, TokenBuckets.Limit> perTenant = new HashMap<>();
            for (String tenantId : union(rates, bursts)) {
                double rate = rates.getOrDefault(tenantId, defaults.permitsPerSecond());
                double burst = bursts.getOrDefault(tenantId, rates.containsKey(tenantId) ? Math.max(1, rate) : defaults.burst());
                try {
                    perTenant.put(tenantId, new TokenBuckets.Limit(rate, burst));
                } catch (IllegalArgumentException invalid) {
                    LOG.warn("Ignoring the rate limit of tenant {}: {}", tenantId, invalid.getMessage());
                }
            }
            return new Limits(defaults, Map.copyOf(perTenant));
        }

        private static Set<String> union(Map<String, Double> a, Map<String, Double> b) {
            Set<String> keys = new HashSet<>(a.keySet());
            keys.addAll(b.keySet());
            return keys;
        }
    }
}
