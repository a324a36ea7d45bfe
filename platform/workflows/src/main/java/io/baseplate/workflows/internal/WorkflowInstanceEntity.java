package io.baseplate.workflows.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A workflow instance: its type, state and data. Tenant-owned: EclipseLink adds the tenant to every query. */
@Entity
@Table(name = "WORKFLOW_INSTANCES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = WorkflowInstanceEntity.MOVE, query = "UPDATE WorkflowInstanceEntity i SET i.state = :state, "
        + "i.data = :data, i.version = :next, i.updatedAt = :now WHERE i.id = :id AND i.version = :version")
public class WorkflowInstanceEntity {

    /** Writes a transition only if the instance still has the version the transition was decided on. */
    static final String MOVE = "WorkflowInstance.move";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "TYPE", nullable = false)
    private String type;

    @Column(name = "STATE", nullable = false)
    private String state;

    @Column(name = "DATA", nullable = false)
    private String data;

    @Column(name = "VERSION", nullable = false)
    private int version;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected WorkflowInstanceEntity() {
    }

    WorkflowInstanceEntity(String id, String type, String state, String data, Instant now) {
        this.id = id;
        this.type = type;
        this.state = state;
        this.data = data;
        this.version = 1;
        this.createdAt = now;
        this.updatedAt = now;
    }

    String getId() {
        return id;
    }

    String getType() {
        return type;
    }

    String getState() {
        return state;
    }

    String getData() {
        return data;
    }

    int getVersion() {
        return version;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
