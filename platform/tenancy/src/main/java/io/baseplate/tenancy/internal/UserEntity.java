package io.baseplate.tenancy.internal;

import java.time.Instant;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.api.security.Role;

/** A person of a tenant with roles; its keys act for it. Tenant-owned: another tenant cannot see it. */
@Entity
@Table(name = "USERS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
public class UserEntity {

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "ROLES", nullable = false)
    private String roles;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected UserEntity() {
    }

    UserEntity(String id, String name, Set<Role> roles, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.roles = Roles.format(roles);
        this.createdAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Set<Role> getRoles() {
        return Roles.parse(roles);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
