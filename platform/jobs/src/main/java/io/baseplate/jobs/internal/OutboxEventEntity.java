package io.baseplate.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** OUTBOX_EVENTS as tenant-owned data, erased with its tenant; read and written in plain SQL by the outbox. */
@Entity
@Table(name = "OUTBOX_EVENTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class OutboxEventEntity {

    @Id
    @Column(name = "SEQ")
    private long seq;

    protected OutboxEventEntity() {
    }
}
