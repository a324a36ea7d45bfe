package io.baseplate.core.internal.tenant;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An API key, stored only as the SHA-256 of the key; the key itself is shown once at creation. */
@Entity
@Table(name = "API_KEYS")
@NamedQuery(name = ApiKeyEntity.BY_HASH, query = "SELECT k FROM ApiKeyEntity k WHERE k.keyHash = :hash")
@NamedQuery(name = ApiKeyEntity.BY_ROLE, query = "SELECT k FROM ApiKeyEntity k WHERE k.role = :role")
public class ApiKeyEntity {

    static final String BY_HASH = "ApiKey.byHash";
    static final String BY_ROLE = "ApiKey.byRole";

    static final String ROLE_ADMIN = "ADMIN";
    static final String ROLE_TENANT = "TENANT";

    @Id
    @Column(name = "ID")
    private String id;

    /** Null for the platform admin key. */
    @Column(name = "TENANT_ID")
    private String tenantId;

    @Column(name = "ROLE", nullable = false)
    private String role;

    @Column(name = "KEY_HASH", nullable = false)
    private String keyHash;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String id, String tenantId, String role, String keyHash, Instant createdAt) {
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

    public String getRole() {
        return role;
    }

    public String getKeyHash() {
        return keyHash;
    }
}
