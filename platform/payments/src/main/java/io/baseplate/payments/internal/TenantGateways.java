package io.baseplate.payments.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.persistence.Persistence;

/**
 * Which installed gateways serve a tenant, in which order for each market, in which mode and with which
 * of the tenant's credentials. Settings are read once per tenant and kept for {@link #SNAPSHOT_LIFETIME}
 * (a write on this node drops them at once), so a payment does not pay for a settings query and a
 * decryption.
 */
@Component(service = TenantGateways.class)
public class TenantGateways {

    /** How long another node's change to a tenant's settings may take to reach this one. */
    static final Duration SNAPSHOT_LIFETIME = Duration.ofSeconds(5);
    static final String SANDBOX = "sandbox";
    static final String LIVE = "live";
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final int MAX_CREDENTIALS = 16;
    private static final int MAX_SECRET_LENGTH = 2000;

    /** A tenant's setting for one installed gateway, as shown to the tenant: secrets only by name. */
    public record Setting(String gatewayId, boolean enabled, String mode, List<String> credentialNames,
                          boolean webhookSecretStored, int position, Instant updatedAt) {
    }

    /** A change to a setting; a null field keeps what is stored. */
    public record SettingChange(Boolean enabled, String mode, Map<String, String> credentials, String webhookSecret) {
    }

    /** A tenant's ordered gateways for a market; country {@value PaymentRouteEntity#ANY_COUNTRY} for any. */
    public record Route(String currency, String country, List<String> gateways, Instant updatedAt) {
    }

    /** A gateway that may serve a payment, with the tenant's context for calling it. */
    public record Candidate(String gatewayId, PaymentGateway gateway, GatewayContext context) {
    }

    private record Snapshot(Map<String, GatewayContext> contexts, Map<String, Boolean> enabled, List<String> order,
                            Map<String, List<String>> routes, Instant loadedAt) {
    }

    private final Persistence persistence;
    private final GatewayRegistry registry;
    private final CredentialCipher cipher;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    @Activate
    public TenantGateways(@Reference Persistence persistence, @Reference GatewayRegistry registry,
                          @Reference CredentialCipher cipher) {
        this.persistence = persistence;
        this.registry = registry;
        this.cipher = cipher;
    }

    /** The tenant's settings, one per installed gateway (disabled when the tenant never set it), in the tenant's order. */
    public List<Setting> settings(String tenantId) {
        Map<String, Setting> stored = persistence.inTenant(tenantId, em -> em
                .createNamedQuery(GatewaySettingEntity.ALL, GatewaySettingEntity.class).getResultStream()
                .collect(Collectors.toMap(GatewaySettingEntity::getGatewayId, TenantGateways::view,
                        (a, b) -> a, LinkedHashMap::new)));
        List<Setting> result = new ArrayList<>(stored.values());
        for (GatewayRegistry.GatewayInfo installed : registry.list()) {
            if (!stored.containsKey(installed.id())) {
                result.add(new Setting(installed.id(), false, SANDBOX, List.of(), false, Integer.MAX_VALUE, null));
            }
        }
        return result;
    }

    /**
     * Changes the tenant's setting for an installed gateway. A gateway set for the first time goes last
     * in the tenant's order.
     */
    public Setting change(String tenantId, String gatewayId, SettingChange change) {
        if (registry.gateway(gatewayId).isEmpty()) {
            throw DomainException.notFound("No gateway '" + gatewayId + "' is installed; installed: "
                    + registry.list().stream().map(GatewayRegistry.GatewayInfo::id).toList());
        }
        String mode = change.mode() == null ? null : change.mode().toLowerCase(Locale.ROOT);
        if (mode != null && !mode.equals(SANDBOX) && !mode.equals(LIVE)) {
            throw DomainException.invalid("mode must be '" + SANDBOX + "' or '" + LIVE + "'");
        }
        validateCredentials(change.credentials());
        if (change.webhookSecret() != null && (change.webhookSecret().isBlank()
                || change.webhookSecret().length() > MAX_SECRET_LENGTH)) {
            throw DomainException.invalid("webhookSecret must be 1 to " + MAX_SECRET_LENGTH + " characters");
        }
        String associatedData = associatedData(tenantId, gatewayId);
        Setting saved = persistence.inTenant(tenantId, em -> {
            GatewaySettingEntity setting = em.createNamedQuery(GatewaySettingEntity.BY_GATEWAY, GatewaySettingEntity.class)
                    .setParameter("gateway", gatewayId).getResultStream().findFirst().orElse(null);
            if (setting == null) {
                int last = em.createNamedQuery(GatewaySettingEntity.ALL, GatewaySettingEntity.class).getResultStream()
                        .mapToInt(GatewaySettingEntity::getPosition).max().orElse(0);
                setting = new GatewaySettingEntity(UUID.randomUUID().toString(), gatewayId, last + 1);
                setting.update(false, true, Persistence.now());
                em.persist(setting);
            }
            boolean enabled = change.enabled() == null ? setting.isEnabled() : change.enabled();
            boolean sandbox = mode == null ? setting.isSandbox() : mode.equals(SANDBOX);
            if (change.credentials() != null) {
                setting.storeCredentials(cipher.encrypt(encode(change.credentials()), associatedData),
                        String.join(",", new TreeMap<>(change.credentials()).keySet()));
            }
            if (change.webhookSecret() != null) {
                setting.storeWebhookSecret(cipher.encrypt(change.webhookSecret(), associatedData));
            }
            if (enabled && !sandbox && setting.getSealedCredentials() == null) {
                throw DomainException.rejected("Gateway '" + gatewayId
                        + "' needs the tenant's credentials before it can be enabled in live mode");
            }
            setting.update(enabled, sandbox, Persistence.now());
            return view(setting);
        });
        snapshots.remove(tenantId);
        return saved;
    }

    public List<Route> routes(String tenantId) {
        return persistence.inTenant(tenantId, em -> em.createNamedQuery(PaymentRouteEntity.ALL, PaymentRouteEntity.class)
                .getResultStream().map(TenantGateways::view).toList());
    }

    /** Sets the ordered gateways for a market; each must be installed and enabled for the tenant, and serve it. */
    public Route putRoute(String tenantId, String currency, String country, List<String> gatewayIds) {
        String market = country == null ? PaymentRouteEntity.ANY_COUNTRY : country;
        if (gatewayIds == null || gatewayIds.isEmpty()) {
            throw DomainException.invalid("gateways must name at least one gateway");
        }
        if (new LinkedHashSet<>(gatewayIds).size() != gatewayIds.size()) {
            throw DomainException.invalid("gateways must not name a gateway twice");
        }
        Snapshot snapshot = snapshot(tenantId);
        for (String gatewayId : gatewayIds) {
            var installed = registry.gateway(gatewayId).orElseThrow(() -> DomainException.rejected(
                    "No gateway '" + gatewayId + "' is installed; installed for " + currency + ": "
                            + registry.servingCurrency(currency)));
            if (!Boolean.TRUE.equals(snapshot.enabled().get(gatewayId))) {
                throw DomainException.rejected("Gateway '" + gatewayId + "' is not enabled for this tenant");
            }
            if (!installed.gateway().capabilities().serves(currency, country)) {
                throw DomainException.rejected("Gateway '" + gatewayId + "' does not serve " + currency
                        + (country == null ? "" : " in " + country));
            }
        }
        Route saved = persistence.inTenant(tenantId, em -> {
            PaymentRouteEntity route = findRoute(em, currency, market).orElseGet(() -> {
                PaymentRouteEntity created = new PaymentRouteEntity(UUID.randomUUID().toString(), currency, market);
                em.persist(created);
                return created;
            });
            route.setGateways(gatewayIds, Persistence.now());
            return view(route);
        });
        snapshots.remove(tenantId);
        return saved;
    }

    /** Removes a market's route; answers whether there was one. */
    public boolean deleteRoute(String tenantId, String currency, String country) {
        String market = country == null ? PaymentRouteEntity.ANY_COUNTRY : country;
        boolean removed = persistence.inTenant(tenantId, em -> findRoute(em, currency, market).map(route -> {
            em.remove(route);
            return true;
        }).orElse(false));
        snapshots.remove(tenantId);
        return removed;
    }

    /**
     * The gateways to try for a payment, in order: the market's route (country first, then any country),
     * else every enabled gateway in the tenant's order; only those installed, enabled and serving the market.
     *
     * @throws DomainException (422) naming the installed gateways that could serve it, when none is enabled
     */
    public List<Candidate> candidates(String tenantId, String currency, String country) {
        Snapshot snapshot = snapshot(tenantId);
        List<String> order = country == null ? null : snapshot.routes().get(marketKey(currency, country));
        if (order == null) {
            order = snapshot.routes().getOrDefault(marketKey(currency, PaymentRouteEntity.ANY_COUNTRY), snapshot.order());
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String gatewayId : order) {
            if (!Boolean.TRUE.equals(snapshot.enabled().get(gatewayId))) {
                continue;
            }
            registry.gateway(gatewayId)
                    .filter(installed -> installed.gateway().capabilities().serves(currency, country))
                    .ifPresent(installed -> candidates.add(
                            new Candidate(gatewayId, installed.gateway(), snapshot.contexts().get(gatewayId))));
        }
        if (candidates.isEmpty()) {
            throw DomainException.rejected("No gateway enabled for this tenant serves " + currency
                    + (country == null ? "" : " in " + country) + "; installed gateways that serve " + currency + ": "
                    + registry.servingCurrency(currency) + ". Enable one with PUT /api/v1/payment-gateways/{id}");
        }
        return candidates;
    }

    /**
     * The tenant's context for a gateway it has set up, enabled or not: a payment it already holds can
     * still be captured, refunded and resolved after the tenant stops taking new payments through it.
     */
    public Optional<GatewayContext> context(String tenantId, String gatewayId) {
        return Optional.ofNullable(snapshot(tenantId).contexts().get(gatewayId));
    }

    /** The gateway installed under this id now. */
    public Optional<PaymentGateway> installed(String gatewayId) {
        return gatewayId == null ? Optional.empty() : registry.gateway(gatewayId).map(GatewayRegistry.Installed::gateway);
    }

    private Snapshot snapshot(String tenantId) {
        Snapshot current = snapshots.get(tenantId);
        if (current != null && current.loadedAt().plus(SNAPSHOT_LIFETIME).isAfter(Instant.now())) {
            return current;
        }
        Snapshot loaded = persistence.inTenant(tenantId, em -> {
            Map<String, GatewayContext> contexts = new LinkedHashMap<>();
            Map<String, Boolean> enabled = new LinkedHashMap<>();
            List<String> order = new ArrayList<>();
            for (GatewaySettingEntity setting : em.createNamedQuery(GatewaySettingEntity.ALL,
                    GatewaySettingEntity.class).getResultList()) {
                String associatedData = associatedData(tenantId, setting.getGatewayId());
                Map<String, String> credentials = setting.getSealedCredentials() == null ? Map.of()
                        : decode(cipher.decrypt(setting.getSealedCredentials(), associatedData));
                String webhookSecret = setting.getSealedWebhookSecret() == null ? null
                        : cipher.decrypt(setting.getSealedWebhookSecret(), associatedData);
                contexts.put(setting.getGatewayId(),
                        new GatewayContext(tenantId, setting.isSandbox(), credentials, webhookSecret));
                enabled.put(setting.getGatewayId(), setting.isEnabled());
                order.add(setting.getGatewayId());
            }
            Map<String, List<String>> routes = new LinkedHashMap<>();
            for (PaymentRouteEntity route : em.createNamedQuery(PaymentRouteEntity.ALL, PaymentRouteEntity.class)
                    .getResultList()) {
                routes.put(marketKey(route.getCurrency(), route.getCountry()), route.getGateways());
            }
            return new Snapshot(contexts, enabled, order, routes, Instant.now());
        });
        // Only tenants that set a gateway are kept: a path naming made-up tenants (webhooks) cannot grow the map.
        if (!loaded.contexts().isEmpty()) {
            snapshots.put(tenantId, loaded);
        }
        return loaded;
    }

    private static Optional<PaymentRouteEntity> findRoute(jakarta.persistence.EntityManager em, String currency,
                                                          String country) {
        return em.createNamedQuery(PaymentRouteEntity.BY_MARKET, PaymentRouteEntity.class)
                .setParameter("currency", currency).setParameter("country", country).getResultStream().findFirst();
    }

    private static void validateCredentials(Map<String, String> credentials) {
        if (credentials == null) {
            return;
        }
        if (credentials.size() > MAX_CREDENTIALS) {
            throw DomainException.invalid("credentials may hold at most " + MAX_CREDENTIALS + " entries");
        }
        credentials.forEach((name, value) -> {
            if (name == null || !CREDENTIAL_NAME.matcher(name).matches()) {
                throw DomainException.invalid("credential names are a letter then up to 63 letters, digits or '_'");
            }
            if (value == null || value.isBlank() || value.length() > MAX_SECRET_LENGTH) {
                throw DomainException.invalid("credential '" + name + "' must be 1 to " + MAX_SECRET_LENGTH
                        + " characters");
            }
        });
    }

    /** Binds a sealed secret to its tenant and gateway. */
    private static String associatedData(String tenantId, String gatewayId) {
        return tenantId + "/" + gatewayId;
    }

    private static String marketKey(String currency, String country) {
        return currency + "/" + country;
    }

    static String encode(Map<String, String> credentials) {
        return new TreeMap<>(credentials).entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> credentials = new TreeMap<>();
        if (encoded.isEmpty()) {
            return credentials;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            credentials.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return credentials;
    }

    private static Setting view(GatewaySettingEntity setting) {
        List<String> names = setting.getCredentialNames() == null || setting.getCredentialNames().isEmpty()
                ? List.of() : List.of(setting.getCredentialNames().split(","));
        return new Setting(setting.getGatewayId(), setting.isEnabled(), setting.isSandbox() ? SANDBOX : LIVE, names,
                setting.getSealedWebhookSecret() != null, setting.getPosition(), setting.getUpdatedAt());
    }

    private static Route view(PaymentRouteEntity route) {
        return new Route(route.getCurrency(), route.getCountry(), route.getGateways(), route.getUpdatedAt());
    }
}
