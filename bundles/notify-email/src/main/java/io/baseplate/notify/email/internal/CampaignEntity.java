package io.baseplate.notify.email.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A campaign: its template, its rate, how many recipients it has, and once started, its batch of jobs. Tenant-owned. */
@Entity
@Table(name = "EMAIL_CAMPAIGNS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class CampaignEntity {

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "SUBJECT", nullable = false)
    private String subject;

    @Column(name = "BODY", nullable = false)
    private String body;

    @Column(name = "RATE_PER_SECOND", nullable = false)
    private int ratePerSecond;

    @Column(name = "RECIPIENTS", nullable = false)
    private int recipients;

    @Column(name = "BATCH_ID")
    private String batchId;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "START_REQUESTED_AT")
    private Instant startRequestedAt;

    @Column(name = "STARTED_AT")
    private Instant startedAt;

    protected CampaignEntity() {
    }

    CampaignEntity(String id, String name, String subject, String body, int ratePerSecond, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.subject = subject;
        this.body = body;
        this.ratePerSecond = ratePerSecond;
        this.createdAt = createdAt;
    }

    String getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getSubject() {
        return subject;
    }

    String getBody() {
        return body;
    }

    int getRatePerSecond() {
        return ratePerSecond;
    }

    int getRecipients() {
        return recipients;
    }

    String getBatchId() {
        return batchId;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getStartRequestedAt() {
        return startRequestedAt;
    }

    Instant getStartedAt() {
        return startedAt;
    }

    void startRequested(Instant at) {
        this.startRequestedAt = at;
    }

    void added(int count) {
        recipients += count;
    }

    void started(String batch, Instant at) {
        this.batchId = batch;
        this.startedAt = at;
    }
}
