package io.baseplate.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/**
 * JOBS as tenant-owned data, so that deleting a tenant erases its jobs with the rest of its data.
 * The queue reads and writes the table in plain SQL ({@link JobStore}, {@link JobRows}).
 */
@Entity
@Table(name = "JOBS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class JobEntity {

    @Id
    @Column(name = "ID")
    private String id;

    protected JobEntity() {
    }
}
