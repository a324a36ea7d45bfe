package io.baseplate.itests.sandbox;

import java.util.Map;
import java.util.Set;

import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.CaptureRequest;
import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayResult;
import io.baseplate.api.payment.PaymentGateway;
import io.baseplate.api.payment.RefundRequest;
import io.baseplate.api.payment.SandboxProcessor;
import io.baseplate.api.payment.StatusRequest;
import io.baseplate.api.payment.VoidRequest;
import io.baseplate.api.payment.WebhookEvent;
import io.baseplate.api.payment.WebhookRejectedException;
import io.baseplate.api.payment.WebhookRequest;

/**
 * The implementation class of the gateway plugins the in-container tests build with TinyBundles. Each
 * built bundle pairs it with a DS descriptor that registers it as a {@link PaymentGateway} and gives
 * it its id and currencies, so one class serves every version of the test plugin. It has no provider
 * behind it: in either mode it answers as {@link SandboxProcessor} does for its id.
 */
public class SandboxTestGateway implements PaymentGateway {

    private SandboxProcessor processor;
    private GatewayCapabilities capabilities;

    /** Takes the id and currencies the bundle's DS descriptor gives this component. */
    public void activate(Map<String, Object> properties) {
        processor = new SandboxProcessor((String) properties.get(PaymentGateway.GATEWAY_ID));
        capabilities = new GatewayCapabilities(Set.of((String[]) properties.get(PaymentGateway.CURRENCIES)), Set.of(),
                Set.of("card"), true, true, true);
    }

    @Override
    public GatewayCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public GatewayResult authorize(GatewayContext context, AuthorizeRequest request) throws GatewayException {
        return processor.authorize(request);
    }

    @Override
    public GatewayResult capture(GatewayContext context, CaptureRequest request) {
        return processor.capture(request);
    }

    @Override
    public GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) {
        return processor.voidAuthorization(request);
    }

    @Override
    public GatewayResult refund(GatewayContext context, RefundRequest request) {
        return processor.refund(request);
    }

    @Override
    public GatewayResult status(GatewayContext context, StatusRequest request) {
        return processor.status(request);
    }

    /** No provider signs webhooks for this gateway, so none is trusted. */
    @Override
    public WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) throws WebhookRejectedException {
        throw new WebhookRejectedException("The sandbox test gateway sends no webhooks");
    }
}
