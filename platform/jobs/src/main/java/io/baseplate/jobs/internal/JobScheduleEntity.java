package io.baseplate.jobs.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** JOB_SCHEDULES as tenant-owned data, erased with its tenant; read and written in plain SQL by {@link CronSchedules}. */
@Entity
@Table(name = "JOB_SCHEDULES")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class JobScheduleEntity {

    @Id
    @Column(name = "ID")
    private String id;

    protected JobScheduleEntity() {
    }
}
