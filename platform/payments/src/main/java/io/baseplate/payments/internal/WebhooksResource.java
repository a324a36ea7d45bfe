package io.baseplate.payments.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.WebhookEvent;
import io.baseplate.api.payment.WebhookRejectedException;
import io.baseplate.api.payment.WebhookRequest;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Public;
import io.baseplate.core.support.ApiResource;

/**
 * Provider webhooks: {@code POST /api/v1/webhooks/{gateway}/{tenant}}. No API key (providers have none):
 * the signature, checked with the tenant's webhook secret before anything else, is the authentication,
 * and anything unsigned, wrongly signed or stale gets 401 and changes nothing. An event is applied once:
 * its provider id is recorded in the transaction that applies it.
 */
@Component(service = WebhooksResource.class)
@JakartarsResource
@JakartarsName("payment-webhooks")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/webhooks")
@Public
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksResource.class);
    /** How far a signed timestamp may be from now: what Stripe's libraries use. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String REJECTED = "The webhook's signature is missing, wrong or outside the tolerance window";

    /** The answer to a delivered event. */
    public record Receipt(String eventId, boolean applied, boolean duplicate) {
    }

    private final TenantGateways gateways;
    private final ProviderEvents events;

    @Activate
    public WebhooksResource(@Reference TenantGateways gateways, @Reference ProviderEvents events) {
        this.gateways = gateways;
        this.events = events;
    }

    @POST
    @Path("{gateway}/{tenant}")
    public Receipt deliver(@PathParam("gateway") String gatewayId, @PathParam("tenant") String tenantId, byte[] body,
                           @Context HttpHeaders headers, @Context UriInfo uri) {
        Optional<PaymentGateway> gateway = gateways.installed(gatewayId);
        Optional<GatewayContext> context = gateway.isEmpty() ? Optional.empty() : gateways.context(tenantId, gatewayId);
        if (context.isEmpty()) {
            // Same answer as a bad signature: a caller learns nothing about which tenants or gateways exist.
            throw new ProblemException(401, "Unauthorized", REJECTED);
        }
        WebhookEvent event;
        try {
            event = gateway.get().verifyWebhook(context.get(), new WebhookRequest(headers.getRequestHeaders(),
                    uri.getQueryParameters(), body == null ? new byte[0] : body, Instant.now(), TOLERANCE));
        } catch (WebhookRejectedException e) {
            LOG.info("Webhook for gateway {} and tenant {} rejected: {}", gatewayId, tenantId, e.getMessage());
            throw new ProblemException(401, "Unauthorized", REJECTED);
        } catch (RuntimeException e) {
            LOG.warn("Gateway {} failed verifying a webhook for tenant {}", gatewayId, tenantId, e);
            throw new ProblemException(401, "Unauthorized", REJECTED);
        }
        return events.apply(tenantId, gatewayId, event);
    }
}
