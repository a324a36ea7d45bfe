package io.baseplate.payments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemException;

class PaymentsResourceValidationTest {

    @Test
    void acceptsAValidRequestAndNormalisesTheCurrency() {
        PaymentService.NewPayment payment = PaymentsResource.validate(
                new PaymentsResource.PaymentRequest(49900L, "inr", "order-1", "tok_ok"));
        assertEquals(new PaymentService.NewPayment(49900L, "INR", "order-1", "tok_ok"), payment);
    }

    @Test
    void namesEveryMissingField() {
        Problem problem = problemOf(new PaymentsResource.PaymentRequest(null, null, null, null));
        assertEquals(400, problem.status());
        assertTrue(problem.detail().contains("'amount' is required"), problem.detail());
        assertTrue(problem.detail().contains("'currency' is required"), problem.detail());
        assertTrue(problem.detail().contains("'paymentMethod' is required"), problem.detail());
    }

    @Test
    void rejectsNonPositiveAmountsAndMalformedCurrencies() {
        assertTrue(problemOf(new PaymentsResource.PaymentRequest(0L, "INR", null, "tok_ok")).detail()
                .contains("'amount' must be a positive"));
        assertTrue(problemOf(new PaymentsResource.PaymentRequest(100L, "RUPEES", null, "tok_ok")).detail()
                .contains("three-letter ISO 4217"));
    }

    @Test
    void acceptsAmountsUpToTheBound() {
        assertEquals(1_000_000_000_000L, PaymentsResource.validate(
                new PaymentsResource.PaymentRequest(PaymentsResource.MAX_AMOUNT, "USD", null, "tok_ok")).amount());
    }

    @Test
    void rejectsAmountsAboveTheBoundNamingIt() {
        for (long amount : new long[] {PaymentsResource.MAX_AMOUNT + 1, Long.MAX_VALUE}) {
            Problem problem = problemOf(new PaymentsResource.PaymentRequest(amount, "USD", null, "tok_ok"));
            assertEquals(400, problem.status());
            assertEquals("Invalid payment: 'amount' must be at most 1000000000000 minor units", problem.detail());
        }
    }

    @Test
    void rejectsAMissingBody() {
        assertEquals(400, problemOf(null).status());
    }

    private static Problem problemOf(PaymentsResource.PaymentRequest request) {
        ProblemException e = assertThrows(ProblemException.class, () -> PaymentsResource.validate(request));
        assertEquals(Problem.MEDIA_TYPE, e.getResponse().getMediaType().toString());
        return (Problem) e.getResponse().getEntity();
    }
}
