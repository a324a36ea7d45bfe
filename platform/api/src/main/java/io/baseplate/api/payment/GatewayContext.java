package io.baseplate.api.payment;

import java.util.Map;
import java.util.Objects;

/**
 * Whose account a gateway call is made for: the tenant, and the credentials that tenant stored for this
 * gateway (decrypted by the platform for this call only). A gateway keeps none of it after the call.
 *
 * @param tenantId      the tenant
 * @param sandbox       true when the tenant runs this gateway in sandbox mode: answer from
 *                      {@link SandboxProcessor} without any network call
 * @param credentials   the tenant's credentials by name, e.g. {@code secretKey}; the names are the gateway's own
 *                      (see its documentation); empty in sandbox mode if the tenant stored none
 * @param webhookSecret the secret the provider signs this tenant's webhooks with; null when none is stored
 */
public record GatewayContext(String tenantId, boolean sandbox, Map<String, String> credentials, String webhookSecret) {

    public GatewayContext {
        Objects.requireNonNull(tenantId, "tenantId");
        credentials = Map.copyOf(Objects.requireNonNull(credentials, "credentials"));
    }

    /**
     * A credential the gateway cannot work without.
     *
     * @throws GatewayException of kind {@link GatewayException.Kind#REJECTED} when the tenant has not stored it
     */
    public String requireCredential(String name) throws GatewayException {
        String value = credentials.get(name);
        if (value == null || value.isBlank()) {
            throw new GatewayException(GatewayException.Kind.REJECTED, "missing_credential",
                    "The tenant has not stored the credential '" + name + "' for this gateway");
        }
        return value;
    }

    /** Never shows the secrets, so a context that ends up in a log leaks nothing. */
    @Override
    public String toString() {
        return "GatewayContext[tenantId=" + tenantId + ", sandbox=" + sandbox + ", credentials=" + credentials.keySet()
                + ", webhookSecret=" + (webhookSecret == null ? "none" : "***") + "]";
    }
}
