package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.core.SecurityContext;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The constraints on {@code POST /api/v1/payments}'s body, checked as the platform checks them, before the resource runs. */
class PaymentsResourceValidationTest {

    private static final ValidatorFactory FACTORY = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void acceptsAValidRequestAndNormalisesTheCurrency() {
        PaymentsResource.PaymentRequest request = new PaymentsResource.PaymentRequest(49900L, "inr", "order-1", "tok_ok", null, null);
        assertEquals(Map.of(), violations(request));
        assertEquals(new PaymentService.NewPayment(49900L, "INR", null, "order-1", "tok_ok", true), PaymentsResource.toNewPayment(request));
    }

    @Test
    void namesEveryMissingField() {
        assertEquals(Map.of("amount", "is required", "currency", "is required", "paymentMethod", "is required"),
                violations(new PaymentsResource.PaymentRequest(null, null, null, " ", null, null)));
    }

    @Test
    void rejectsNonPositiveAmountsAndMalformedCurrencies() {
        assertEquals(Map.of("amount", "must be a positive number of minor units"),
                violations(new PaymentsResource.PaymentRequest(0L, "INR", null, "tok_ok", null, null)));
        assertEquals(Map.of("currency", "must be a three-letter ISO 4217 code"),
                violations(new PaymentsResource.PaymentRequest(100L, "RUPEES", null, "tok_ok", null, null)));
        assertEquals(Map.of("currency", "must be a three-letter ISO 4217 code"),
                violations(new PaymentsResource.PaymentRequest(100L, "", null, "tok_ok", null, null)));
    }

    @Test
    void acceptsAmountsUpToTheBound() {
        assertEquals(Map.of(), violations(new PaymentsResource.PaymentRequest(PaymentsResource.MAX_AMOUNT, "USD", null, "tok_ok", null, null)));
    }

    @Test
    void rejectsAmountsAboveTheBoundNamingIt() {
        for (long amount : new long[] {PaymentsResource.MAX_AMOUNT + 1, Long.MAX_VALUE}) {
            assertEquals(Map.of("amount", "must be at most 1000000000000 minor units"),
                    violations(new PaymentsResource.PaymentRequest(amount, "USD", null, "tok_ok", null, null)));
        }
    }

    @Test
    void boundsTheTextFields() {
        String text = "x".repeat(256);
        assertEquals(Map.of("reference", "must be at most 255 characters", "paymentMethod", "must be at most 255 characters"),
                violations(new PaymentsResource.PaymentRequest(1L, "USD", text, text, null, null)));
    }

    @Test
    void theResourceValidatesItsBodyAndRequiresOne() throws Exception {
        Method create = PaymentsResource.class.getMethod("create", String.class, PaymentsResource.PaymentRequest.class,
                SecurityContext.class);
        PaymentsResource resource = new PaymentsResource(null);

        Set<ConstraintViolation<PaymentsResource>> missing = VALIDATOR.forExecutables()
                .validateParameters(resource, create, new Object[] {"key", null, null});
        Set<ConstraintViolation<PaymentsResource>> invalid = VALIDATOR.forExecutables()
                .validateParameters(resource, create, new Object[] {"key", new PaymentsResource.PaymentRequest(0L, "USD", null, "tok_ok", null, null), null});

        assertEquals(1, missing.size());
        assertEquals("must not be null", missing.iterator().next().getMessage());
        assertEquals(1, invalid.size());
        assertEquals("must be a positive number of minor units", invalid.iterator().next().getMessage());
    }

    private static Map<String, String> violations(PaymentsResource.PaymentRequest request) {
        Map<String, String> messages = new TreeMap<>();
        for (ConstraintViolation<PaymentsResource.PaymentRequest> violation : VALIDATOR.validate(request)) {
            messages.merge(violation.getPropertyPath().toString(), violation.getMessage(), (a, b) -> a + " / " + b);
        }
        return messages;
    }
}
