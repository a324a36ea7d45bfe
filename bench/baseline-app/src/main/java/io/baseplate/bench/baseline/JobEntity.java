package io.baseplate.bench.baseline;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;


/**
 * A stored command, mapped exactly as in the jobs bundle: tenant-owned. The baseline only submits
 * jobs; it runs no worker.
 */
@Entity
@Table(name = "JOBS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Db.TENANT_PROPERTY)
@NamedQuery(name = JobEntity.NEWEST_FIRST, query = "SELECT j FROM JobEntity j ORDER BY j.createdAt DESC, j.id")
public class JobEntity {

    static final String NEWEST_FIRST = "Job.newestFirst";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "TYPE", nullable = false)
    private String type;

    @Lob
    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private JobStatus status;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Lob
    @Column(name = "RESULT")
    private String result;

    @Column(name = "LAST_ERROR")
    private String lastError;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected JobEntity() {
    }

    JobEntity(String id, String type, String payload, Instant now) {
        this.id = id;
        this.type = type;
        this.payload = payload;
        this.status = JobStatus.QUEUED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getType() {
        return type;
    }

    public JobStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public String getResult() {
        return result;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
