package io.baseplate.notify.email.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** An email job (a receipt or a campaign email) whose message the SMTP server took, keyed by the job id. Tenant-owned. */
@Entity
@Table(name = "EMAIL_SENT")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class SentEmailEntity {

    @Id
    @Column(name = "JOB_ID")
    private String jobId;

    @Column(name = "RECIPIENT", nullable = false)
    private String recipient;

    @Column(name = "SENT_AT", nullable = false)
    private Instant sentAt;

    protected SentEmailEntity() {
    }

    SentEmailEntity(String jobId, String recipient, Instant sentAt) {
        this.jobId = jobId;
        this.recipient = recipient;
        this.sentAt = sentAt;
    }

    String getRecipient() {
        return recipient;
    }
}
