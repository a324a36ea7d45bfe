package io.baseplate.payments.internal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

import io.baseplate.api.persistence.Persistence;

/** A tenant's setting for one installed gateway; its secrets are sealed by {@link CredentialCipher}. */
@Entity
@Table(name = "GATEWAY_SETTINGS")
@Multitenant
@TenantDiscriminatorColumn(name = "TENANT_ID", contextProperty = Persistence.TENANT_PROPERTY)
@NamedQuery(name = GatewaySettingEntity.ALL, query = "SELECT s FROM GatewaySettingEntity s ORDER BY s.position")
@NamedQuery(name = GatewaySettingEntity.BY_GATEWAY,
        query = "SELECT s FROM GatewaySettingEntity s WHERE s.gatewayId = :gateway")
public class GatewaySettingEntity {

    static final String ALL = "GatewaySetting.all";
    static final String BY_GATEWAY = "GatewaySetting.byGateway";

    @Id
    @Column(name = "ID")
    private String id;

    @Column(name = "GATEWAY_ID", nullable = false)
    private String gatewayId;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "SANDBOX", nullable = false)
    private boolean sandbox;

    @Column(name = "CREDENTIALS")
    private String sealedCredentials;

    @Column(name = "CREDENTIAL_NAMES")
    private String credentialNames;

    @Column(name = "WEBHOOK_SECRET")
    private String sealedWebhookSecret;

    @Column(name = "POSITION", nullable = false)
    private int position;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected GatewaySettingEntity() {
    }

    GatewaySettingEntity(String id, String gatewayId, int position) {
        this.id = id;
        this.gatewayId = gatewayId;
        this.position = position;
    }

    void update(boolean enabled, boolean sandbox, Instant now) {
        this.enabled = enabled;
        this.sandbox = sandbox;
        this.updatedAt = now;
    }

    void storeCredentials(String sealed, String names) {
        this.sealedCredentials = sealed;
        this.credentialNames = names;
    }

    void storeWebhookSecret(String sealed) {
        this.sealedWebhookSecret = sealed;
    }

    String getGatewayId() {
        return gatewayId;
    }

    boolean isEnabled() {
        return enabled;
    }

    boolean isSandbox() {
        return sandbox;
    }

    String getSealedCredentials() {
        return sealedCredentials;
    }

    String getCredentialNames() {
        return credentialNames;
    }

    String getSealedWebhookSecret() {
        return sealedWebhookSecret;
    }

    int getPosition() {
        return position;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
