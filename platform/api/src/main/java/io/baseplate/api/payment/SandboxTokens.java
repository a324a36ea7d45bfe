package io.baseplate.api.payment;

/**
 * The test payment methods every gateway accepts in sandbox mode, so integrations can be exercised
 * end to end without a provider account: {@value #CAPTURE} is captured, {@value #DECLINE} and any
 * other token are declined.
 */
public final class SandboxTokens {

    /** A payment method that is always captured. */
    public static final String CAPTURE = "tok_ok";
    /** A payment method that is always declined. */
    public static final String DECLINE = "tok_decline";

    private SandboxTokens() {
    }

    /** The sandbox verdict on a charge; the provider reference is derived from the gateway and payment ids. */
    public static ChargeResult charge(String gatewayId, ChargeRequest request) {
        String providerReference = gatewayId + "_sandbox_" + request.paymentId();
        if (CAPTURE.equals(request.paymentMethod())) {
            return ChargeResult.captured(providerReference);
        }
        if (DECLINE.equals(request.paymentMethod())) {
            return ChargeResult.declined(providerReference, "Card declined (sandbox)");
        }
        return ChargeResult.declined(providerReference,
                "Unknown sandbox payment method; use " + CAPTURE + " or " + DECLINE);
    }
}
