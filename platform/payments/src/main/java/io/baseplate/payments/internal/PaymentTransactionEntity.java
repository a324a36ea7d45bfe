package io.baseplate.payments.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.payment.Operation;
import io.baseplate.api.persistence.Persistence;

/** One operation on a payment: its authorization, a capture, a void or a refund. */
@Entity
@Table(name = "PAYMENT_TRANSACTIONS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = PaymentTransactionEntity.OF_PAYMENT,
        query = "SELECT t FROM PaymentTransactionEntity t WHERE t.paymentId = :payment ORDER BY t.createdAt, t.id")
@NamedQuery(name = PaymentTransactionEntity.BY_KEY, query = "SELECT t FROM PaymentTransactionEntity t "
        + "WHERE t.paymentId = :payment AND t.kind = :kind AND t.idempotencyKey = :key")
@NamedQuery(name = PaymentTransactionEntity.SAVE_OUTCOME, query = "UPDATE PaymentTransactionEntity t "
        + "SET t.status = :status, t.gateway = :gateway, t.providerReference = :reference, t.updatedAt = :now "
        + "WHERE t.id = :id AND t.status = :expected")
public class PaymentTransactionEntity {

    static final String SAVE_OUTCOME = "PaymentTransaction.saveOutcome";
    static final String OF_PAYMENT = "PaymentTransaction.ofPayment";
    static final String BY_KEY = "PaymentTransaction.byKey";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "PAYMENT_ID", nullable = false)
    private String paymentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "KIND", nullable = false)
    private Operation kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private TransactionStatus status;

    @Column(name = "AMOUNT", nullable = false)
    private long amount;

    @Column(name = "IDEMPOTENCY_KEY")
    private String idempotencyKey;

    @Column(name = "REQUEST_FINGERPRINT")
    private String requestFingerprint;

    @Column(name = "GATEWAY")
    private String gateway;

    @Column(name = "PROVIDER_REFERENCE")
    private String providerReference;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected PaymentTransactionEntity() {
    }

    PaymentTransactionEntity(String id, String paymentId, Operation kind, long amount, String idempotencyKey,
                             String requestFingerprint, Instant now) {
        this.id = id;
        this.paymentId = paymentId;
        this.kind = kind;
        this.status = TransactionStatus.PENDING;
        this.amount = amount;
        this.idempotencyKey = idempotencyKey;
        this.requestFingerprint = requestFingerprint;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void finish(TransactionStatus newStatus, String gatewayId, String reference, Instant now) {
        this.status = newStatus;
        this.gateway = gatewayId;
        if (reference != null) {
            this.providerReference = Columns.fit(reference, Columns.REFERENCE);
        }
        this.updatedAt = now;
    }

    /**
     * Writes this transaction's outcome to its row if the row is still {@code expected}, without reading it
     * first; answers false when another caller (the janitor, a webhook, a client's retry) recorded it first.
     */
    boolean saveOutcome(EntityManager em, TransactionStatus expected) {
        return em.createNamedQuery(SAVE_OUTCOME).setParameter("status", status).setParameter("gateway", gateway)
                .setParameter("reference", providerReference).setParameter("now", updatedAt).setParameter("id", id)
                .setParameter("expected", expected).executeUpdate() == 1;
    }

    String getId() {
        return id;
    }

    String getPaymentId() {
        return paymentId;
    }

    Operation getKind() {
        return kind;
    }

    TransactionStatus getStatus() {
        return status;
    }

    long getAmount() {
        return amount;
    }

    String getRequestFingerprint() {
        return requestFingerprint;
    }

    String getGateway() {
        return gateway;
    }

    String getProviderReference() {
        return providerReference;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
