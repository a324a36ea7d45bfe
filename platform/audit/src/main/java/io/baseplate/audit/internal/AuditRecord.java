package io.baseplate.audit.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.baseplate.api.persistence.PlatformData;
import io.baseplate.api.security.AuditEntry;

/**
 * A stored {@link AuditEntry}. Platform data rather than tenant-owned: the trail holds attempts of no
 * known tenant too, and a tenant admin's reads are limited to its tenant by {@link AuditStore}'s query.
 */
@Entity
@PlatformData
@Table(name = "AUDIT_LOG")
public class AuditRecord {

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "AT", nullable = false)
    private Instant at;

    @Column(name = "TENANT_ID")
    private String tenantId;

    @Column(name = "KEY_PREFIX")
    private String keyPrefix;

    @Column(name = "USER_ID")
    private String userId;

    @Column(name = "METHOD", nullable = false)
    private String method;

    @Column(name = "ROUTE", nullable = false)
    private String route;

    @Column(name = "STATUS", nullable = false)
    private int status;

    @Column(name = "CLIENT")
    private String client;

    @Column(name = "LATENCY_MICROS", nullable = false)
    private long latencyMicros;

    protected AuditRecord() {
    }

    AuditRecord(String id, AuditEntry entry) {
        this.id = id;
        this.at = AuditStore.storedInstant(entry.at());
        this.tenantId = entry.tenantId();
        this.keyPrefix = truncate(entry.keyPrefix(), 64);
        this.userId = truncate(entry.userId(), 64);
        this.method = truncate(entry.method(), 16);
        this.route = truncate(entry.route(), 300);
        this.status = entry.status();
        this.client = truncate(entry.client(), 64);
        this.latencyMicros = entry.latencyMicros();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
