package io.baseplate.bench.baseline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import jakarta.persistence.PersistenceException;

import org.eclipse.persistence.config.QueryHints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's PaymentService.pay, step for step: replay lookup by idempotency key, route,
 * insert PENDING, sandbox charge, settle; each database step its own tenant transaction. Where the
 * platform posts a CAPTURED event on Event Admin (asynchronous delivery) and notify-email's
 * ReceiptRequester submits a SendReceipt job from it, this hands the same submission to an executor.
 * Each status a payment takes after a commit (PENDING, then its outcome) goes to the tenant's event streams,
 * as the platform's payment events do.
 */
final class PaymentService {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
    static final String UNKNOWN_OUTCOME = "The platform stopped while the gateway was charging this payment; "
            + "check its outcome with the gateway before charging the customer again";
    static final String RECEIPT_JOB = "SendReceipt";

    /** A validated payment request. */
    record NewPayment(long amount, String currency, String reference, String paymentMethod) {
    }

    /** A payment as shown to its tenant. */
    public record PaymentView(String id, PaymentStatus status, String gateway, long amount, String currency,
                              String reference, String failureReason, Instant createdAt, Instant updatedAt) {
    }

    record Result(PaymentView payment, boolean replayed) {
    }

    private record Settlement(PaymentStatus status, String providerReference, String reason) {
    }

    private final Db db;
    private final JobQueue jobs;
    private final ExecutorService events;
    private final EventStreamServlet streams;

    PaymentService(Db db, JobQueue jobs, ExecutorService events, EventStreamServlet streams) {
        this.db = db;
        this.jobs = jobs;
        this.events = events;
        this.streams = streams;
    }

    /** As the platform at activation: PENDING payments from before this process started become UNKNOWN. */
    void markInterruptedPaymentsUnknown(Instant processStart) {
        List<Object[]> interrupted = db.inPlatform(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT ID, TENANT_ID FROM PAYMENTS WHERE STATUS = 'PENDING' AND UPDATED_AT < ?")
                    .setHint(QueryHints.ALLOW_NATIVE_SQL_QUERY, true)
                    .setParameter(1, Timestamp.from(processStart)).getResultList();
            return rows;
        });
        for (Object[] row : interrupted) {
            settle((String) row[1], (String) row[0], new Settlement(PaymentStatus.UNKNOWN, null, UNKNOWN_OUTCOME));
        }
        if (!interrupted.isEmpty()) {
            LOG.warn("{} payment(s) were being charged when the previous process stopped; marked UNKNOWN",
                    interrupted.size());
        }
    }

    Result pay(String tenantId, String idempotencyKey, NewPayment request) {
        String fingerprint = fingerprint(request);
        Optional<Result> earlier = replay(tenantId, idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String gateway = Gateways.route(request.currency())
                .orElseThrow(() -> Problems.DomainException.rejected(
                        "No payment gateway serves currency " + request.currency()));

        String paymentId = UUID.randomUUID().toString();
        PaymentEntity pending;
        try {
            pending = db.inTenant(tenantId, em -> {
                PaymentEntity payment = new PaymentEntity(paymentId, idempotencyKey, fingerprint, request.amount(),
                        request.currency(), request.reference(), gateway, Db.now());
                em.persist(payment);
                return payment;
            });
        } catch (PersistenceException duplicateKey) {
            return replay(tenantId, idempotencyKey, fingerprint).orElseThrow(() -> duplicateKey);
        }
        publish(tenantId, pending);

        PaymentEntity settled = settle(tenantId, paymentId, charge(gateway, paymentId, request.paymentMethod()));
        publish(tenantId, settled);
        if (settled.getStatus() == PaymentStatus.CAPTURED) {
            requestReceipt(tenantId, settled);
        }
        return new Result(view(settled), false);
    }

    /** The payment's status as an event, with the platform's property names and the time of its last change. */
    private void publish(String tenantId, PaymentEntity payment) {
        Map<String, Object> data = new LinkedHashMap<>();
        String topic = "baseplate/payment/" + payment.getStatus();
        data.put("topic", topic);
        data.put("payment.amount", payment.getAmount());
        data.put("payment.currency", payment.getCurrency());
        data.put("payment.gateway", payment.getGateway());
        data.put("payment.id", payment.getId());
        if (payment.getReference() != null) {
            data.put("payment.reference", payment.getReference());
        }
        data.put("payment.status", payment.getStatus().name());
        data.put("timestamp", payment.getUpdatedAt().toEpochMilli());
        streams.publish(tenantId, topic, data);
    }

    private void requestReceipt(String tenantId, PaymentEntity payment) {
        Map<String, String> payload = new HashMap<>();
        payload.put("payment.id", payment.getId());
        payload.put("payment.amount", Long.toString(payment.getAmount()));
        payload.put("payment.currency", payment.getCurrency());
        if (payment.getReference() != null) {
            payload.put("payment.reference", payment.getReference());
        }
        payload.put("payment.gateway", payment.getGateway());
        events.execute(() -> {
            try {
                jobs.submit(tenantId, RECEIPT_JOB, payload);
            } catch (RuntimeException e) {
                LOG.warn("Could not queue the receipt of payment {}: {}", payment.getId(), e.toString());
            }
        });
    }

    private Optional<Result> replay(String tenantId, String idempotencyKey, String fingerprint) {
        Optional<PaymentEntity> existing = db.inTenant(tenantId, em -> em
                .createNamedQuery(PaymentEntity.BY_IDEMPOTENCY_KEY, PaymentEntity.class)
                .setParameter("key", idempotencyKey).getResultStream().findFirst());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        PaymentEntity payment = existing.get();
        if (!payment.getRequestFingerprint().equals(fingerprint)) {
            throw Problems.DomainException.rejected("Idempotency-Key '" + idempotencyKey
                    + "' was already used for a different payment request");
        }
        if (payment.getStatus() == PaymentStatus.PENDING) {
            throw Problems.DomainException.conflict("A payment with Idempotency-Key '" + idempotencyKey
                    + "' is still being processed; retry shortly");
        }
        return Optional.of(new Result(view(payment), true));
    }

    private static Settlement charge(String gateway, String paymentId, String paymentMethod) {
        try {
            Gateways.ChargeResult result = Gateways.charge(gateway, paymentId, paymentMethod);
            return result.captured()
                    ? new Settlement(PaymentStatus.CAPTURED, result.providerReference(), null)
                    : new Settlement(PaymentStatus.DECLINED, result.providerReference(), result.message());
        } catch (RuntimeException e) {
            LOG.warn("Gateway {} failed on payment {}: {}", gateway, paymentId, e.toString());
            return new Settlement(PaymentStatus.FAILED, null, "Gateway error");
        }
    }

    private PaymentEntity settle(String tenantId, String paymentId, Settlement settlement) {
        return db.inTenant(tenantId, em -> {
            PaymentEntity payment = em.find(PaymentEntity.class, paymentId);
            payment.settle(settlement.status(), settlement.providerReference(), settlement.reason(), Db.now());
            return payment;
        });
    }

    static String fingerprint(NewPayment request) {
        String canonical = request.amount() + "\n" + request.currency() + "\n"
                + (request.reference() == null ? "" : request.reference()) + "\n" + request.paymentMethod();
        return Db.sha256Hex(canonical);
    }

    private static PaymentView view(PaymentEntity p) {
        return new PaymentView(p.getId(), p.getStatus(), p.getGateway(), p.getAmount(), p.getCurrency(),
                p.getReference(), p.getFailureReason(), p.getCreatedAt(), p.getUpdatedAt());
    }
}
