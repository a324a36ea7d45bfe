package io.baseplate.bench.baseline;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;


/** A payment and its current state, mapped exactly as in the payments bundle: tenant-owned. */
@Entity
@Table(name = "PAYMENTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Db.TENANT_PROPERTY)
@NamedQuery(name = PaymentEntity.BY_IDEMPOTENCY_KEY,
        query = "SELECT p FROM PaymentEntity p WHERE p.idempotencyKey = :key")
public class PaymentEntity {

    static final String BY_IDEMPOTENCY_KEY = "Payment.byIdempotencyKey";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "IDEMPOTENCY_KEY", nullable = false)
    private String idempotencyKey;

    @Column(name = "REQUEST_FINGERPRINT", nullable = false)
    private String requestFingerprint;

    @Column(name = "AMOUNT", nullable = false)
    private long amount;

    @Column(name = "CURRENCY", nullable = false)
    private String currency;

    @Column(name = "REFERENCE")
    private String reference;

    @Column(name = "GATEWAY", nullable = false)
    private String gateway;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private PaymentStatus status;

    @Column(name = "PROVIDER_REFERENCE")
    private String providerReference;

    @Column(name = "FAILURE_REASON")
    private String failureReason;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected PaymentEntity() {
    }

    PaymentEntity(String id, String idempotencyKey, String requestFingerprint, long amount, String currency,
                  String reference, String gateway, Instant now) {
        this.id = id;
        this.idempotencyKey = idempotencyKey;
        this.requestFingerprint = requestFingerprint;
        this.amount = amount;
        this.currency = currency;
        this.reference = reference;
        this.gateway = gateway;
        this.status = PaymentStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void settle(PaymentStatus newStatus, String providerReference, String failureReason, Instant now) {
        this.status = newStatus;
        this.providerReference = providerReference;
        this.failureReason = failureReason;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getRequestFingerprint() {
        return requestFingerprint;
    }

    public long getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public String getReference() {
        return reference;
    }

    public String getGateway() {
        return gateway;
    }

    public PaymentStatus getStatus() {
        return status;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
