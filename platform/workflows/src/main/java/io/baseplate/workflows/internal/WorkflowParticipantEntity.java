package io.baseplate.workflows.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** The user who takes one part (a slot: "patient", "courier") of an instance. */
@Entity
@Table(name = "WORKFLOW_PARTICIPANTS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = WorkflowParticipantEntity.OF_INSTANCE,
        query = "SELECT p FROM WorkflowParticipantEntity p WHERE p.instanceId = :instance ORDER BY p.part")
@NamedQuery(name = WorkflowParticipantEntity.OF_INSTANCES,
        query = "SELECT p FROM WorkflowParticipantEntity p WHERE p.instanceId IN :instances")
public class WorkflowParticipantEntity {

    static final String OF_INSTANCE = "WorkflowParticipant.ofInstance";
    static final String OF_INSTANCES = "WorkflowParticipant.ofInstances";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "INSTANCE_ID", nullable = false)
    private String instanceId;

    @Column(name = "PART", nullable = false)
    private String part;

    @Column(name = "USER_ID", nullable = false)
    private String userId;

    protected WorkflowParticipantEntity() {
    }

    WorkflowParticipantEntity(String instanceId, String part, String userId) {
        this.id = idOf(instanceId, part);
        this.instanceId = instanceId;
        this.part = part;
        this.userId = userId;
    }

    /** One row per instance and part, so a reassignment replaces the row with this id. */
    static String idOf(String instanceId, String part) {
        return instanceId + "/" + part;
    }

    void assign(String newUserId) {
        this.userId = newUserId;
    }

    String getInstanceId() {
        return instanceId;
    }

    String getPart() {
        return part;
    }

    String getUserId() {
        return userId;
    }
}
