package io.baseplate.gateway.razorpay.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What Razorpay Checkout hands the buyer's browser after a payment, passed to the platform as the payment
 * method: {@code <razorpay_order_id>|<razorpay_payment_id>|<razorpay_signature>}.
 *
 * @param orderId   the order the merchant created before opening Checkout, e.g. {@code order_EKwxwAgItmmXdp}
 * @param paymentId the payment Checkout made against it, e.g. {@code pay_29QQoUBi66xm2f}
 * @param signature hex HMAC-SHA256 of {@code orderId|paymentId} keyed with the API key secret
 */
record CheckoutToken(String orderId, String paymentId, String signature) {

    /** Razorpay ids are letters, digits and underscores; anything else must not reach a request path. */
    static final Pattern RAZORPAY_ID = Pattern.compile("[A-Za-z0-9_]+");

    /** The token, or null when the text is not an order id, a payment id and a signature separated by {@code |}. */
    static CheckoutToken parse(String paymentMethod) {
        if (paymentMethod == null) {
            return null;
        }
        String[] parts = paymentMethod.split("\\|", -1);
        if (parts.length != 3) {
            return null;
        }
        String orderId = parts[0].trim();
        String paymentId = parts[1].trim();
        String signature = parts[2].trim();
        if (!RAZORPAY_ID.matcher(orderId).matches() || !RAZORPAY_ID.matcher(paymentId).matches() || signature.isEmpty()) {
            return null;
        }
        return new CheckoutToken(orderId, paymentId, signature);
    }

    /** Whether Razorpay signed this order and payment together with the tenant's key secret. */
    boolean isSignedWith(String keySecret) {
        return Signatures.matches(keySecret, (orderId + "|" + paymentId).getBytes(StandardCharsets.UTF_8), signature);
    }

    /** Never shows the signature. */
    @Override
    public String toString() {
        return "CheckoutToken[orderId=" + orderId + ", paymentId=" + paymentId + "]";
    }
}
