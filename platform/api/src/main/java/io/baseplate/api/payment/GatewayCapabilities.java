package io.baseplate.api.payment;

import java.util.Objects;
import java.util.Set;

/**
 * What a gateway can do, so the platform offers only what it can ask of it.
 *
 * @param currencies         ISO 4217 codes it charges in, upper case
 * @param countries          ISO 3166-1 alpha-2 codes of the buyers' countries it serves, upper case; empty for any
 * @param paymentMethodTypes the kinds of payment method it takes, e.g. {@code card}, {@code upi}, {@code pix}
 * @param separateCapture    whether it can authorize now and capture later (else every authorization captures)
 * @param partialCapture     whether a capture may take less than was authorized
 * @param partialRefunds     whether a refund may give back less than was captured, several times per payment
 */
public record GatewayCapabilities(Set<String> currencies, Set<String> countries, Set<String> paymentMethodTypes,
                                  boolean separateCapture, boolean partialCapture, boolean partialRefunds) {

    public GatewayCapabilities {
        currencies = Set.copyOf(Objects.requireNonNull(currencies, "currencies"));
        countries = Set.copyOf(Objects.requireNonNull(countries, "countries"));
        paymentMethodTypes = Set.copyOf(Objects.requireNonNull(paymentMethodTypes, "paymentMethodTypes"));
    }

    /** Whether it serves this currency, and this country when one is given. */
    public boolean serves(String currency, String country) {
        return currencies.contains(currency) && (country == null || countries.isEmpty() || countries.contains(country));
    }
}
