package io.baseplate.jobprobe.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** The first run of a probe job. */
@Entity
@Table(name = "PROBE_RUNS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class ProbeRun {

    @Id
    @Column(name = "JOB_ID")
    private String jobId;

    @Column(name = "ATTEMPT", nullable = false)
    private int attempt;

    protected ProbeRun() {
    }

    ProbeRun(String jobId, int attempt) {
        this.jobId = jobId;
        this.attempt = attempt;
    }
}
