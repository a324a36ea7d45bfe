package io.baseplate.bench.baseline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two gateways the platform's default feature ships (gateway-razorpay and gateway-stripe), with
 * their currencies, in sandbox mode: what the platform's GatewayRouter finds as OSGi services, here
 * a fixed list.
 */
final class Gateways {

    /** A gateway as listed to callers: the platform's GatewayInfo. */
    public record GatewayInfo(String id, List<String> currencies, String bundle, String version) {
    }

    /** The outcome of a sandbox charge. */
    record ChargeResult(boolean captured, String providerReference, String message) {
    }

    static final String CAPTURE = "tok_ok";
    static final String DECLINE = "tok_decline";

    private static final List<GatewayInfo> ALL = List.of(
            new GatewayInfo("razorpay", List.of("INR"), "io.baseplate.gateway-razorpay", "0.1.0.SNAPSHOT"),
            new GatewayInfo("stripe", List.of("USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SGD", "CHF"),
                    "io.baseplate.gateway-stripe", "0.1.0.SNAPSHOT"));

    private Gateways() {
    }

    static List<GatewayInfo> list() {
        return ALL;
    }

    /** The gateway serving the currency, or empty. */
    static Optional<String> route(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        return ALL.stream().filter(g -> g.currencies().contains(code)).map(GatewayInfo::id).findFirst();
    }

    /** The sandbox verdict, as the platform's SandboxTokens.charge. */
    static ChargeResult charge(String gatewayId, String paymentId, String paymentMethod) {
        String providerReference = gatewayId + "_sandbox_" + paymentId;
        if (CAPTURE.equals(paymentMethod)) {
            return new ChargeResult(true, providerReference, null);
        }
        if (DECLINE.equals(paymentMethod)) {
            return new ChargeResult(false, providerReference, "Card declined (sandbox)");
        }
        return new ChargeResult(false, providerReference,
                "Unknown sandbox payment method; use " + CAPTURE + " or " + DECLINE);
    }
}
