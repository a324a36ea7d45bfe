package io.baseplate.audit.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.baseplate.api.persistence.PlatformData;

/**
 * The AUDIT_LOG table, as the persistence unit and tenant erasure see it: {@link AuditStore} writes and reads
 * its rows with SQL, this mapping declares it. Platform data rather than tenant-owned: the trail holds attempts of no
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
}
