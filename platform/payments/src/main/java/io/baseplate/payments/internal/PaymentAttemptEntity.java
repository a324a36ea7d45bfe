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

import io.baseplate.api.persistence.Persistence;

/** One call to one gateway for a transaction, with what the provider said, raw. */
@Entity
@Table(name = "PAYMENT_ATTEMPTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = PaymentAttemptEntity.OF_TRANSACTIONS, query = "SELECT a FROM PaymentAttemptEntity a "
        + "WHERE a.transactionId IN :transactions ORDER BY a.createdAt, a.id")
@NamedQuery(name = PaymentAttemptEntity.SAVE_OUTCOME, query = "UPDATE PaymentAttemptEntity a SET a.status = :status, "
        + "a.providerReference = :reference, a.errorCode = :code, a.message = :message, a.updatedAt = :now WHERE a.id = :id")
public class PaymentAttemptEntity {

    static final String OF_TRANSACTIONS = "PaymentAttempt.ofTransactions";
    static final String SAVE_OUTCOME = "PaymentAttempt.saveOutcome";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "TRANSACTION_ID", nullable = false)
    private String transactionId;

    @Column(name = "GATEWAY", nullable = false)
    private String gateway;

    @Column(name = "PROVIDER_IDEMPOTENCY_KEY", nullable = false)
    private String providerIdempotencyKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private TransactionStatus status;

    @Column(name = "PROVIDER_REFERENCE")
    private String providerReference;

    @Column(name = "ERROR_CODE")
    private String errorCode;

    @Column(name = "MESSAGE")
    private String message;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected PaymentAttemptEntity() {
    }

    PaymentAttemptEntity(String id, String transactionId, String gateway, String providerIdempotencyKey, Instant now) {
        this.id = id;
        this.transactionId = transactionId;
        this.gateway = gateway;
        this.providerIdempotencyKey = providerIdempotencyKey;
        this.status = TransactionStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Records the provider's answer; provider text is cut to its column, so no answer can fail the write. */
    void finish(TransactionStatus newStatus, String reference, String code, String text, Instant now) {
        this.status = newStatus;
        if (reference != null) {
            this.providerReference = Columns.fit(reference, Columns.REFERENCE);
        }
        this.errorCode = Columns.fit(code, Columns.CODE);
        this.message = Columns.fit(text, Columns.MESSAGE);
        this.updatedAt = now;
    }

    /** Writes this attempt's outcome to its row, without reading the row first. */
    void saveOutcome(EntityManager em) {
        em.createNamedQuery(SAVE_OUTCOME).setParameter("status", status).setParameter("reference", providerReference)
                .setParameter("code", errorCode).setParameter("message", message).setParameter("now", updatedAt)
                .setParameter("id", id).executeUpdate();
    }

    String getId() {
        return id;
    }

    String getTransactionId() {
        return transactionId;
    }

    String getGateway() {
        return gateway;
    }

    String getProviderIdempotencyKey() {
        return providerIdempotencyKey;
    }

    TransactionStatus getStatus() {
        return status;
    }

    String getProviderReference() {
        return providerReference;
    }

    String getErrorCode() {
        return errorCode;
    }

    String getMessage() {
        return message;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
