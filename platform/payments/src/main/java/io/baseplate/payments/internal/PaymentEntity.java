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

/** A payment and its current state. Tenant-owned: EclipseLink adds the tenant to every query. */
@Entity
@Table(name = "PAYMENTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = PaymentEntity.BY_IDEMPOTENCY_KEY,
        query = "SELECT p FROM PaymentEntity p WHERE p.idempotencyKey = :key")
@NamedQuery(name = PaymentEntity.BY_PROVIDER_REFERENCE,
        query = "SELECT p FROM PaymentEntity p WHERE p.gateway = :gateway AND p.providerReference = :reference")
@NamedQuery(name = PaymentEntity.SAVE_STATE, query = "UPDATE PaymentEntity p SET p.status = :status, "
        + "p.updatedAt = :now, p.gateway = :gateway, p.providerReference = :reference, p.failureCode = :code, "
        + "p.failureReason = :reason, p.authorizedAmount = :authorized, p.capturedAmount = :captured, "
        + "p.refundedAmount = :refunded WHERE p.id = :id")
public class PaymentEntity {

    static final String SAVE_STATE = "Payment.saveState";
    static final String BY_IDEMPOTENCY_KEY = "Payment.byIdempotencyKey";
    static final String BY_PROVIDER_REFERENCE = "Payment.byProviderReference";

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

    @Column(name = "GATEWAY")
    private String gateway;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private PaymentStatus status;

    @Column(name = "PROVIDER_REFERENCE")
    private String providerReference;

    @Column(name = "FAILURE_REASON")
    private String failureReason;

    @Column(name = "FAILURE_CODE")
    private String failureCode;

    @Column(name = "COUNTRY")
    private String country;

    @Column(name = "PAYMENT_METHOD")
    private String paymentMethod;

    @Column(name = "CAPTURE_REQUESTED", nullable = false)
    private boolean captureRequested;

    @Column(name = "AUTHORIZED_AMOUNT", nullable = false)
    private long authorizedAmount;

    @Column(name = "CAPTURED_AMOUNT", nullable = false)
    private long capturedAmount;

    @Column(name = "REFUNDED_AMOUNT", nullable = false)
    private long refundedAmount;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected PaymentEntity() {
    }

    PaymentEntity(String id, String idempotencyKey, String requestFingerprint, long amount, String currency,
                  String country, String reference, String paymentMethod, boolean captureRequested, Instant now) {
        this.id = id;
        this.idempotencyKey = idempotencyKey;
        this.requestFingerprint = requestFingerprint;
        this.amount = amount;
        this.currency = currency;
        this.country = country;
        this.reference = reference;
        this.paymentMethod = paymentMethod;
        this.captureRequested = captureRequested;
        this.status = PaymentStatus.PENDING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Moves to a new state; the provider's reference and text are cut to their columns. */
    void moveTo(PaymentStatus newStatus, Instant now) {
        this.status = newStatus;
        this.updatedAt = now;
    }

    void heldBy(String gatewayId, String reference) {
        this.gateway = gatewayId;
        if (reference != null) {
            this.providerReference = Columns.fit(reference, Columns.REFERENCE);
        }
    }

    void failedBecause(String code, String reason) {
        this.failureCode = Columns.fit(code, Columns.CODE);
        this.failureReason = Columns.fit(reason, Columns.MESSAGE);
    }

    void authorized(long minorUnits) {
        this.authorizedAmount = minorUnits;
    }

    void captured(long minorUnits) {
        this.capturedAmount += minorUnits;
    }

    void refunded(long minorUnits) {
        this.refundedAmount += minorUnits;
    }

    /** Writes this payment's state to its row, without reading the row first. */
    void saveState(EntityManager em) {
        em.createNamedQuery(SAVE_STATE).setParameter("status", status).setParameter("now", updatedAt)
                .setParameter("gateway", gateway).setParameter("reference", providerReference)
                .setParameter("code", failureCode).setParameter("reason", failureReason)
                .setParameter("authorized", authorizedAmount).setParameter("captured", capturedAmount)
                .setParameter("refunded", refundedAmount).setParameter("id", id).executeUpdate();
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

    public String getProviderReference() {
        return providerReference;
    }

    public String getFailureCode() {
        return failureCode;
    }

    public String getCountry() {
        return country;
    }

    public String getPaymentMethod() {
        return paymentMethod;
    }

    public boolean isCaptureRequested() {
        return captureRequested;
    }

    public long getAuthorizedAmount() {
        return authorizedAmount;
    }

    public long getCapturedAmount() {
        return capturedAmount;
    }

    public long getRefundedAmount() {
        return refundedAmount;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
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
