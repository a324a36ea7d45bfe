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

/** One entry of an instance's history: a start or a transition, who fired it and the data it set. */
@Entity
@Table(name = "WORKFLOW_STEPS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = WorkflowStepEntity.OF_INSTANCE,
        query = "SELECT s FROM WorkflowStepEntity s WHERE s.instanceId = :instance AND s.step > :after ORDER BY s.step")
public class WorkflowStepEntity {

    static final String OF_INSTANCE = "WorkflowStep.ofInstance";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "INSTANCE_ID", nullable = false)
    private String instanceId;

    @Column(name = "STEP", nullable = false)
    private int step;

    @Column(name = "TRANSITION", nullable = false)
    private String transition;

    @Column(name = "FROM_STATE")
    private String fromState;

    @Column(name = "TO_STATE", nullable = false)
    private String toState;

    @Column(name = "ACTOR", nullable = false)
    private String actor;

    @Column(name = "DATA", nullable = false)
    private String data;

    @Column(name = "OCCURRED_AT", nullable = false)
    private Instant occurredAt;

    protected WorkflowStepEntity() {
    }

    WorkflowStepEntity(String id, String instanceId, int step, String transition, String fromState, String toState,
                       String actor, String data, Instant occurredAt) {
        this.id = id;
        this.instanceId = instanceId;
        this.step = step;
        this.transition = transition;
        this.fromState = fromState;
        this.toState = toState;
        this.actor = actor;
        this.data = data;
        this.occurredAt = occurredAt;
    }

    int getStep() {
        return step;
    }

    String getTransition() {
        return transition;
    }

    String getFromState() {
        return fromState;
    }

    String getToState() {
        return toState;
    }

    String getActor() {
        return actor;
    }

    String getData() {
        return data;
    }

    Instant getOccurredAt() {
        return occurredAt;
    }
}
