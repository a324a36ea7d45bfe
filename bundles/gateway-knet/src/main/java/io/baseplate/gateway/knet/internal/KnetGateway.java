package io.baseplate.gateway.knet.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.baseplate.api.payment.AuthorizeRequest;
import io.baseplate.api.payment.CaptureRequest;
import io.baseplate.api.payment.GatewayCapabilities;
import io.baseplate.api.payment.GatewayContext;
import io.baseplate.api.payment.GatewayCurrencies;
import io.baseplate.api.payment.GatewayException;
import io.baseplate.api.payment.GatewayId;
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
 * The example of a new market as a new bundle: Kuwaiti dinars (KWD, whose minor unit is the fils, a
 * thousandth) through KNET, Kuwait's debit network, for buyers in Kuwait. Sandbox only: it answers as
 * {@link SandboxProcessor} does and refuses live mode, because the point is the shape of a market plugin,
 * not KNET's protocol. README.md ("A new market is a new bundle") walks through it.
 */
@Component
@GatewayId(KnetGateway.ID)
@GatewayCurrencies({"KWD"})
public class KnetGateway implements PaymentGateway {

    static final String ID = "knet";
    private static final GatewayCapabilities CAPABILITIES = new GatewayCapabilities(Set.of("KWD"), Set.of("KW"),
            Set.of("debit_card"), true, false, true);

    private final SandboxProcessor sandbox = new SandboxProcessor(ID);

    @Override
    public GatewayCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public GatewayResult authorize(GatewayContext context, AuthorizeRequest request) throws GatewayException {
        requireSandbox(context);
        return sandbox.authorize(request);
    }

    @Override
    public GatewayResult capture(GatewayContext context, CaptureRequest request) throws GatewayException {
        requireSandbox(context);
        return sandbox.capture(request);
    }

    @Override
    public GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) throws GatewayException {
        requireSandbox(context);
        return sandbox.voidAuthorization(request);
    }

    @Override
    public GatewayResult refund(GatewayContext context, RefundRequest request) throws GatewayException {
        requireSandbox(context);
        return sandbox.refund(request);
    }

    @Override
    public GatewayResult status(GatewayContext context, StatusRequest request) throws GatewayException {
        requireSandbox(context);
        return sandbox.status(request);
    }

    @Override
    public WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) throws WebhookRejectedException {
        throw new WebhookRejectedException("The KNET example sends no webhooks");
    }

    private static void requireSandbox(GatewayContext context) throws GatewayException {
        if (!context.sandbox()) {
            throw new GatewayException(GatewayException.Kind.REJECTED, "sandbox_only",
                    "The KNET example gateway runs in sandbox mode only");
        }
    }
}
