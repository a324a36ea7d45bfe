package io.baseplate.api.payment;

/**
 * How every gateway answers in sandbox mode, with no network and no provider account, so that an
 * integration can be exercised end to end. The payment method decides:
 * <ul>
 *   <li>{@value #APPROVE}: authorized (or captured, when asked to capture at once);</li>
 *   <li>{@value #DECLINE}, and any other token: declined;</li>
 *   <li>{@value #UNAVAILABLE}: the provider is down ({@link GatewayException.Kind#RETRYABLE}), so the
 *       tenant's next gateway is tried;</li>
 *   <li>{@value #TIMEOUT}: no answer ({@link GatewayException.Kind#OUTCOME_UNKNOWN}); asked later with
 *       {@link #status}, the payment turns out authorized or captured.</li>
 * </ul>
 * Captures, voids and refunds of sandbox payments succeed. Provider references are derived from the
 * gateway id and the idempotency key, so asking again gives the same reference.
 */
public final class SandboxProcessor {

    /** A payment method that is always approved. */
    public static final String APPROVE = "tok_ok";
    /** A payment method that is always declined. */
    public static final String DECLINE = "tok_decline";
    /** A payment method whose provider is unavailable. */
    public static final String UNAVAILABLE = "tok_unavailable";
    /** A payment method whose authorization never answers, and is found approved later. */
    public static final String TIMEOUT = "tok_timeout";

    private final String gatewayId;

    public SandboxProcessor(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    public GatewayResult authorize(AuthorizeRequest request) throws GatewayException {
        String reference = reference(request.idempotencyKey());
        switch (request.paymentMethod()) {
            case APPROVE:
                return GatewayResult.of(approved(request.capture()), reference);
            case UNAVAILABLE:
                throw new GatewayException(GatewayException.Kind.RETRYABLE, "503", "Sandbox provider unavailable");
            case TIMEOUT:
                throw new GatewayException(GatewayException.Kind.OUTCOME_UNKNOWN, null, "Sandbox provider timed out");
            case DECLINE:
                return GatewayResult.declined(reference, "card_declined", "Card declined (sandbox)");
            default:
                return GatewayResult.declined(reference, "unknown_payment_method",
                        "Unknown sandbox payment method; use " + APPROVE + " or " + DECLINE);
        }
    }

    public GatewayResult capture(CaptureRequest request) {
        return GatewayResult.of(GatewayResult.Outcome.CAPTURED, request.providerReference());
    }

    public GatewayResult voidAuthorization(VoidRequest request) {
        return GatewayResult.of(GatewayResult.Outcome.VOIDED, request.providerReference());
    }

    public GatewayResult refund(RefundRequest request) {
        return GatewayResult.of(GatewayResult.Outcome.REFUNDED, reference(request.idempotencyKey()));
    }

    public GatewayResult status(StatusRequest request) {
        String reference = request.providerReference() != null ? request.providerReference()
                : reference(request.idempotencyKey());
        return switch (request.operation()) {
            case AUTHORIZE -> APPROVE.equals(request.paymentMethod()) || TIMEOUT.equals(request.paymentMethod())
                    ? GatewayResult.of(approved(request.capture()), reference)
                    : GatewayResult.declined(reference, "card_declined", "Card declined (sandbox)");
            case CAPTURE -> GatewayResult.of(GatewayResult.Outcome.CAPTURED, reference);
            case VOID -> GatewayResult.of(GatewayResult.Outcome.VOIDED, reference);
            case REFUND -> GatewayResult.of(GatewayResult.Outcome.REFUNDED, reference);
        };
    }

    private static GatewayResult.Outcome approved(boolean capture) {
        return capture ? GatewayResult.Outcome.CAPTURED : GatewayResult.Outcome.AUTHORIZED;
    }

    private String reference(String idempotencyKey) {
        return gatewayId + "_sandbox_" + idempotencyKey;
    }
}
