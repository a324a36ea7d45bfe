package io.baseplate.payments.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A provider event already applied: its id is kept so that a delivery repeated by the provider does nothing. */
@Entity
@Table(name = "PAYMENT_WEBHOOK_EVENTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = WebhookEventEntity.BY_EVENT,
        query = "SELECT e FROM WebhookEventEntity e WHERE e.gateway = :gateway AND e.eventId = :eventId")
public class WebhookEventEntity {

    static final String BY_EVENT = "WebhookEvent.byEvent";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "GATEWAY", nullable = false)
    private String gateway;

    @Column(name = "EVENT_ID", nullable = false)
    private String eventId;

    @Column(name = "RECEIVED_AT", nullable = false)
    private Instant receivedAt;

    protected WebhookEventEntity() {
    }

    WebhookEventEntity(String id, String gateway, String eventId, Instant receivedAt) {
        this.id = id;
        this.gateway = gateway;
        this.eventId = eventId;
        this.receivedAt = receivedAt;
    }
}
