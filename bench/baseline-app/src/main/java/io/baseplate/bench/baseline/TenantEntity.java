package io.baseplate.bench.baseline;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A tenant; platform-level, like the tenancy bundle's TenantEntity. */
@Entity
@Table(name = "TENANTS")
@NamedQuery(name = TenantEntity.BY_NAME, query = "SELECT t FROM TenantEntity t WHERE t.name = :name")
public class TenantEntity {

    static final String BY_NAME = "Tenant.byName";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected TenantEntity() {
    }

    TenantEntity(String id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
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
}
