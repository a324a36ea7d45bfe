package io.baseplate.payments.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.core.support.RankedServices;

/**
 * The gateways installed right now, by id. It holds service references, so a gateway disappears from
 * routing the moment its service is unregistered; of two services with one id, the SPI's ranking rule
 * picks one. Which gateways serve a tenant is {@link TenantGateways}' business.
 */
@Component(service = GatewayRegistry.class)
public class GatewayRegistry {

    static final String REFERENCE_NAME = "gateways";

    /** An installed gateway as listed to callers. */
    public record GatewayInfo(String id, List<String> currencies, List<String> countries,
                              List<String> paymentMethodTypes, boolean separateCapture, boolean partialCapture,
                              boolean partialRefunds, String bundle, String version) {
    }

    /** A gateway service and the id it serves under. */
    public record Installed(String id, PaymentGateway gateway) {
    }

    private final RankedServices<PaymentGateway> gateways = new RankedServices<>(REFERENCE_NAME);

    @Activate
    void activate(ComponentContext componentContext) {
        gateways.activate(componentContext);
    }

    @Reference(name = REFERENCE_NAME, service = PaymentGateway.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addGateway(ServiceReference<PaymentGateway> reference) {
        gateways.add(reference);
    }

    void removeGateway(ServiceReference<PaymentGateway> reference) {
        gateways.remove(reference);
    }

    /** The gateway installed under this id now, or empty. */
    public Optional<Installed> gateway(String id) {
        return gateways.best(reference -> id.equals(gatewayId(reference)))
                .map(chosen -> new Installed(id, chosen.service()));
    }

    /** The ids of the installed gateways whose currencies include this one, sorted. */
    public List<String> servingCurrency(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        return gateways.all().stream().filter(reference -> currencies(reference).contains(code))
                .map(GatewayRegistry::gatewayId).distinct().sorted().toList();
    }

    /** Every installed gateway id, each once (the serving service), sorted by id. */
    public List<GatewayInfo> list() {
        Map<String, GatewayInfo> byId = new LinkedHashMap<>();
        for (ServiceReference<PaymentGateway> reference : gateways.ranked(reference -> true)) {
            String id = gatewayId(reference);
            var bundle = reference.getBundle();
            if (bundle == null || byId.containsKey(id)) {
                continue;
            }
            Optional<Installed> installed = gateway(id);
            if (installed.isPresent()) {
                GatewayCapabilities capabilities = installed.get().gateway().capabilities();
                byId.put(id, new GatewayInfo(id, sorted(capabilities.currencies()), sorted(capabilities.countries()),
                        sorted(capabilities.paymentMethodTypes()), capabilities.separateCapture(),
                        capabilities.partialCapture(), capabilities.partialRefunds(), bundle.getSymbolicName(),
                        bundle.getVersion().toString()));
            }
        }
        List<GatewayInfo> result = new ArrayList<>(byId.values());
        result.sort(Comparator.comparing(GatewayInfo::id));
        return result;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    static String gatewayId(ServiceReference<?> reference) {
        Object id = reference.getProperty(PaymentGateway.GATEWAY_ID);
        return id == null ? "unnamed-" + reference.getProperty("service.id") : id.toString();
    }

    static List<String> currencies(ServiceReference<?> reference) {
        Object value = reference.getProperty(PaymentGateway.CURRENCIES);
        List<String> codes = new ArrayList<>();
        if (value instanceof String[] array) {
            for (String code : array) {
                codes.add(code.toUpperCase(Locale.ROOT));
            }
        } else if (value instanceof String single) {
            codes.add(single.toUpperCase(Locale.ROOT));
        } else if (value instanceof Iterable<?> iterable) {
            iterable.forEach(code -> codes.add(code.toString().toUpperCase(Locale.ROOT)));
        }
        return codes;
    }
}
