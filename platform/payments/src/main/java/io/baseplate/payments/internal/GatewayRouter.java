package io.baseplate.payments.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.core.support.RankedServices;

/**
 * Tracks every registered {@link PaymentGateway} and picks one per call, following the selection
 * rule documented on the SPI. It holds service references, not gateway objects, so a gateway
 * bundle is activated only when a payment needs it and disappears from routing the moment its
 * service is unregistered.
 */
@Component(service = GatewayRouter.class)
public class GatewayRouter {

    static final String REFERENCE_NAME = "gateways";

    /** A gateway as listed to callers. */
    public record GatewayInfo(String id, List<String> currencies, String bundle, String version) {
    }

    /** A gateway chosen for one call. */
    public record Route(String gatewayId, PaymentGateway gateway) {
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

    /** The best gateway for the currency now, or empty when no registered gateway serves it. */
    public Optional<Route> route(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        return gateways.best(reference -> currencies(reference).contains(code))
                .map(chosen -> new Route(gatewayId(chosen.reference()), chosen.service()));
    }

    public List<GatewayInfo> list() {
        List<GatewayInfo> result = new ArrayList<>();
        for (ServiceReference<PaymentGateway> reference : gateways.all()) {
            var bundle = reference.getBundle();
            if (bundle != null) {
                result.add(new GatewayInfo(gatewayId(reference), currencies(reference), bundle.getSymbolicName(),
                        bundle.getVersion().toString()));
            }
        }
        result.sort(Comparator.comparing(GatewayInfo::id));
        return result;
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
