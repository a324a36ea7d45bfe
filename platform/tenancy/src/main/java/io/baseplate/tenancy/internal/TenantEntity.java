package io.baseplate.tenancy.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import io.baseplate.api.persistence.PlatformData;

/** A customer organisation. Platform-level: it owns tenant rows but is not one itself. */
@Entity
@PlatformData
@Table(name = "TENANTS")
@NamedQuery(name = TenantEntity.PAGE, query = "SELECT t FROM TenantEntity t WHERE t.id > :after ORDER BY t.id")
public class TenantEntity {

    static final String PAGE = "Tenant.page";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false)
    private TenantStatus status;

    protected TenantEntity() {
    }

    TenantEntity(String id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
        this.status = TenantStatus.ACTIVE;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public TenantStatus getStatus() {
        return status;
    }

    void setStatus(TenantStatus status) {
        this.status = status;
    }
}
