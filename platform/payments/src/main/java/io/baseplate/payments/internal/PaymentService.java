package io.baseplate.payments.internal;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.PersistenceException;

import org.eclipse.persistence.config.QueryHints;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.event.PlatformEvents;
import io.baseplate.api.payment.ChargeRequest;
import io.baseplate.api.payment.ChargeResult;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.PaymentEvents;
import io.baseplate.api.outbox.Outbox;
import io.baseplate.api.outbox.OutboxWriter;
import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.support.Digests;

/**
 * Takes payments: idempotent per tenant and {@code Idempotency-Key}, routed to a gateway at call
 * time, stored as {@code PENDING} before the gateway is called so that a repeat or a concurrent
 * duplicate can never charge twice, and announced at every state change through the outbox, in the
 * transaction of that change.
 */
@Component(service = PaymentService.class)
public class PaymentService {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
    static final String UNKNOWN_OUTCOME = "The platform stopped while the gateway was charging this payment; "
            + "check its outcome with the gateway before charging the customer again";

    /** A validated payment request. */
    public record NewPayment(long amount, String currency, String reference, String paymentMethod) {
    }

    /** A payment as shown to its tenant. */
    public record PaymentView(String id, PaymentStatus status, String gateway, long amount, String currency,
                              String reference, String failureReason, Instant createdAt, Instant updatedAt) {
    }

    /** The answer to a payment request; {@code replayed} when an earlier identical request is answered again. */
    public record Result(PaymentView payment, boolean replayed) {
    }

    private final Persistence persistence;
    private final GatewayRouter router;
    private final Outbox outbox;

    @Activate
    public PaymentService(@Reference Persistence persistence, @Reference GatewayRouter router,
                          @Reference Outbox outbox) {
        this.persistence = persistence;
        this.router = router;
        this.outbox = outbox;
        markInterruptedPaymentsUnknown(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    /**
     * A payment still {@code PENDING} from before this process started was being charged when the
     * previous process died: its outcome is unknown, and answering its key with "retry shortly" for
     * ever would help nobody. Payments of this process are left alone, so a re-activation of this
     * component never touches a charge in flight.
     */
    void markInterruptedPaymentsUnknown(Instant processStart) {
        List<Object[]> interrupted = persistence.inPlatform(em -> {
            // The one deliberate cross-tenant read: recovery acts for every tenant.
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT ID, TENANT_ID FROM PAYMENTS WHERE STATUS = 'PENDING' AND UPDATED_AT < ?")
                    .setHint(QueryHints.ALLOW_NATIVE_SQL_QUERY, true)
                    .setParameter(1, Timestamp.from(processStart)).getResultList();
            return rows;
        });
        for (Object[] row : interrupted) {
            String paymentId = (String) row[0];
            String tenantId = (String) row[1];
            settle(tenantId, paymentId, new Settlement(PaymentStatus.UNKNOWN, null, UNKNOWN_OUTCOME));
        }
        if (!interrupted.isEmpty()) {
            LOG.warn("{} payment(s) were being charged when the previous process stopped; marked UNKNOWN",
                    interrupted.size());
        }
    }

    public Result pay(String tenantId, String idempotencyKey, NewPayment request) {
        String fingerprint = fingerprint(request);
        Optional<Result> earlier = replay(tenantId, idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        GatewayRouter.Route route = router.route(request.currency())
                .orElseThrow(() -> DomainException.rejected(
                        "No payment gateway serves currency " + request.currency()));

        String paymentId = UUID.randomUUID().toString();
        PaymentEntity pending;
        try {
            pending = outbox.inTenant(persistence, tenantId, (em, changes) -> {
                PaymentEntity payment = new PaymentEntity(paymentId, idempotencyKey, fingerprint, request.amount(),
                        request.currency(), request.reference(), route.gatewayId(), Persistence.now());
                em.persist(payment);
                publish(changes, tenantId, payment);
                return payment;
            });
        } catch (PersistenceException duplicateKey) {
            // A concurrent request with the same key stored its payment first: answer with that one.
            return replay(tenantId, idempotencyKey, fingerprint).orElseThrow(() -> duplicateKey);
        }
        PaymentEntity settled = settle(tenantId, paymentId, charge(route, new ChargeRequest(paymentId, tenantId,
                request.amount(), request.currency(), request.reference(), request.paymentMethod())));
        return new Result(view(settled), false);
    }

    public Optional<PaymentView> find(String tenantId, String paymentId) {
        return persistence.inTenant(tenantId, em -> Optional.ofNullable(em.find(PaymentEntity.class, paymentId))
                .map(PaymentService::view));
    }

    private Optional<Result> replay(String tenantId, String idempotencyKey, String fingerprint) {
        Optional<PaymentEntity> existing = persistence.inTenant(tenantId, em -> em
                .createNamedQuery(PaymentEntity.BY_IDEMPOTENCY_KEY, PaymentEntity.class)
                .setParameter("key", idempotencyKey).getResultStream().findFirst());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        PaymentEntity payment = existing.get();
        if (!payment.getRequestFingerprint().equals(fingerprint)) {
            throw DomainException.rejected("Idempotency-Key '" + idempotencyKey
                    + "' was already used for a different payment request");
        }
        if (payment.getStatus() == PaymentStatus.PENDING) {
            throw DomainException.conflict("A payment with Idempotency-Key '" + idempotencyKey
                    + "' is still being processed; retry shortly");
        }
        return Optional.of(new Result(view(payment), true));
    }

    private static Settlement charge(GatewayRouter.Route route, ChargeRequest request) {
        try {
            ChargeResult result = route.gateway().charge(request);
            return result.outcome() == ChargeResult.Outcome.CAPTURED
                    ? new Settlement(PaymentStatus.CAPTURED, result.providerReference(), null)
                    : new Settlement(PaymentStatus.DECLINED, result.providerReference(), result.message());
        } catch (GatewayException e) {
            LOG.warn("Gateway {} failed on payment {}: {}", route.gatewayId(), request.paymentId(), e.toString());
            return new Settlement(PaymentStatus.FAILED, null, "Gateway error: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug in the gateway plugin: its message may name Java internals, so the caller sees none of it.
            LOG.warn("Gateway {} failed on payment {}: {}", route.gatewayId(), request.paymentId(), e.toString());
            return new Settlement(PaymentStatus.FAILED, null, "Gateway error");
        }
    }

    private record Settlement(PaymentStatus status, String providerReference, String reason) {
    }

    /** The payment's new state and its event, in one transaction: a crash cannot keep the one without the other. */
    private PaymentEntity settle(String tenantId, String paymentId, Settlement settlement) {
        return outbox.inTenant(persistence, tenantId, (em, changes) -> {
            PaymentEntity payment = em.find(PaymentEntity.class, paymentId);
            payment.settle(settlement.status(), settlement.providerReference(), settlement.reason(), Persistence.now());
            publish(changes, tenantId, payment);
            return payment;
        });
    }

    private static void publish(OutboxWriter changes, String tenantId, PaymentEntity payment) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PlatformEvents.TENANT_ID, tenantId);
        properties.put(PlatformEvents.TIMESTAMP, payment.getUpdatedAt().toEpochMilli());
        properties.put(PaymentEvents.PAYMENT_ID, payment.getId());
        properties.put(PaymentEvents.STATUS, payment.getStatus().name());
        properties.put(PaymentEvents.AMOUNT, payment.getAmount());
        properties.put(PaymentEvents.CURRENCY, payment.getCurrency());
        properties.put(PaymentEvents.GATEWAY, payment.getGateway());
        if (payment.getReference() != null) {
            properties.put(PaymentEvents.REFERENCE, payment.getReference());
        }
        changes.publish(PaymentEvents.TOPIC_PREFIX + payment.getStatus().name(), payment.getId(), properties);
    }

    static String fingerprint(NewPayment request) {
        String canonical = request.amount() + "\n" + request.currency() + "\n"
                + (request.reference() == null ? "" : request.reference()) + "\n" + request.paymentMethod();
        return Digests.sha256Hex(canonical);
    }

    private static PaymentView view(PaymentEntity p) {
        return new PaymentView(p.getId(), p.getStatus(), p.getGateway(), p.getAmount(), p.getCurrency(),
                p.getReference(), p.getFailureReason(), p.getCreatedAt(), p.getUpdatedAt());
    }
}
