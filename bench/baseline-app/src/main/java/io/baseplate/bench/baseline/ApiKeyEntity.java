package io.baseplate.bench.baseline;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An API key stored as the SHA-256 of the key; platform-level, like the tenancy bundle's ApiKeyEntity. */
@Entity
@Table(name = "API_KEYS")
@NamedQuery(name = ApiKeyEntity.BY_HASH, query = "SELECT k FROM ApiKeyEntity k WHERE k.keyHash = :hash")
@NamedQuery(name = ApiKeyEntity.BY_ROLE, query = "SELECT k FROM ApiKeyEntity k WHERE k.role = :role")
public class ApiKeyEntity {

    static final String BY_HASH = "ApiKey.byHash";
    static final String BY_ROLE = "ApiKey.byRole";

    @Id
    @Column(name = "ID")
    private String id;

    /** Null for the platform admin key. */
    @Column(name = "TENANT_ID")
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(name = "ROLE", nullable = false)
    private Role role;

    @Column(name = "KEY_HASH", nullable = false)
    private String keyHash;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String id, String tenantId, Role role, String keyHash, Instant createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.role = role;
        this.keyHash = keyHash;
        this.createdAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public String getTenantId() {
        return tenantId;
    }

    public Role getRole() {
        return role;
    }

    public String getKeyHash() {
        return keyHash;
    }
}
