package io.baseplate.jobprobe.internal;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A run of a probe job that had already run: at-least-once delivery at work. */
@Entity
@Table(name = "PROBE_REPEATS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class ProbeRepeat {

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "JOB_ID", nullable = false)
    private String jobId;

    @Column(name = "ATTEMPT", nullable = false)
    private int attempt;

    protected ProbeRepeat() {
    }

    ProbeRepeat(String jobId, int attempt) {
        this.id = UUID.randomUUID().toString();
        this.jobId = jobId;
        this.attempt = attempt;
    }
}
