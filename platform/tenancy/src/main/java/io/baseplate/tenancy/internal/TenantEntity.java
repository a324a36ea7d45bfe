package io.baseplate.tenancy.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.baseplate.api.persistence.PlatformData;

/** A customer organisation. Platform-level: it owns tenant rows but is not one itself. */
@Entity
@PlatformData
@Table(name = "TENANTS")
public class TenantEntity {

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
