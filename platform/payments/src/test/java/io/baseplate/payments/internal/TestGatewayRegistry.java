package io.baseplate.payments.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.PaymentGateway;

/**
 * The installed gateways as a map, so unit tests need no OSGi service references. It overrides the
 * registry's three public lookups; the registry's own tracking of services (ranking, unregistration) is
 * covered by the in-container tests.
 */
final class TestGatewayRegistry extends GatewayRegistry {

    private final Map<String, PaymentGateway> installed = new ConcurrentSkipListMap<>();

    TestGatewayRegistry install(String id, PaymentGateway gateway) {
        installed.put(id, gateway);
        return this;
    }

    void uninstall(String id) {
        installed.remove(id);
    }

    @Override
    public Optional<Installed> gateway(String id) {
        return Optional.ofNullable(installed.get(id)).map(gateway -> new Installed(id, gateway));
    }

    @Override
    public List<String> servingCurrency(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        return installed.entrySet().stream().filter(e -> e.getValue().capabilities().currencies().contains(code))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public List<GatewayInfo> list() {
        List<GatewayInfo> result = new ArrayList<>();
        installed.forEach((id, gateway) -> {
            GatewayCapabilities c = gateway.capabilities();
            result.add(new GatewayInfo(id, c.currencies().stream().sorted().toList(),
                    c.countries().stream().sorted().toList(), c.paymentMethodTypes().stream().sorted().toList(),
                    c.separateCapture(), c.partialCapture(), c.partialRefunds(), "test." + id, "1.0.0"));
        });
        return result;
    }
}
