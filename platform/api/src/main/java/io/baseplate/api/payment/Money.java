package io.baseplate.api.payment;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount of money: a whole number of the currency's minor units and an ISO 4217 code. The minor
 * unit follows the currency's exponent ({@link #exponent(String)}): 1 yen for JPY (0), 1 paisa for INR
 * (2), 1 fils for KWD (3). Never a floating-point number, so no amount is ever rounded.
 *
 * @param minorUnits the amount in minor units, zero or more
 * @param currency   ISO 4217 code, upper case
 */
public record Money(long minorUnits, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minorUnits < 0) {
            throw new IllegalArgumentException("An amount cannot be negative");
        }
        currency = currency.toUpperCase(Locale.ROOT);
        exponent(currency);
    }

    /**
     * The number of decimal places of a currency's minor unit (JPY 0, INR 2, KWD 3).
     *
     * @throws IllegalArgumentException when the code is not an ISO 4217 currency with a minor unit
     */
    public static int exponent(String currency) {
        Currency known;
        try {
            known = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + currency + "' is not an ISO 4217 currency code");
        }
        int digits = known.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException("'" + currency + "' is not a currency payments can be made in");
        }
        return digits;
    }

    /** The currency's exponent. */
    public int exponent() {
        return exponent(currency);
    }

    /** The amount in major units, exactly: 1050 INR minor units is 10.50. */
    public BigDecimal toDecimal() {
        return BigDecimal.valueOf(minorUnits, exponent());
    }

    /**
     * The money a decimal amount in major units stands for, as providers that speak in major units send it.
     *
     * @throws ArithmeticException when the amount has more decimal places than the currency's minor unit
     */
    public static Money ofDecimal(BigDecimal majorUnits, String currency) {
        return new Money(majorUnits.movePointRight(exponent(currency)).longValueExact(), currency);
    }

    /** This amount less another of the same currency. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toDecimal().toPlainString() + " " + currency;
    }
}
