package io.baseplate.payments.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.baseplate.api.payment.WebhookRequest;

/**
 * A gateway for unit tests: answers as {@link SandboxProcessor} does (whatever the tenant's mode), records
 * every call, and lets a test replace its authorization with a behaviour of its own.
 */
final class TestGateway implements PaymentGateway {

    /** What an authorization does instead of the sandbox's answer. */
    @FunctionalInterface
    interface Authorization {
        GatewayResult authorize(AuthorizeRequest request) throws GatewayException;
    }

    static final Set<String> CURRENCIES = Set.of("USD", "EUR", "BRL", "JPY", "INR", "KWD");

    private final SandboxProcessor sandbox;
    private final GatewayCapabilities capabilities;
    private volatile Authorization authorization;
    final List<AuthorizeRequest> authorizations = new CopyOnWriteArrayList<>();
    final List<CaptureRequest> captures = new CopyOnWriteArrayList<>();
    final List<RefundRequest> refunds = new CopyOnWriteArrayList<>();
    final AtomicInteger voids = new AtomicInteger();
    final List<StatusRequest> statusQuestions = new CopyOnWriteArrayList<>();

    TestGateway(String id) {
        this(id, new GatewayCapabilities(CURRENCIES, Set.of(), Set.of("card"), true, true, true));
    }

    TestGateway(String id, GatewayCapabilities capabilities) {
        this.sandbox = new SandboxProcessor(id);
        this.capabilities = capabilities;
        this.authorization = sandbox::authorize;
    }

    /** Authorizations behave so from now on. */
    TestGateway authorizingWith(Authorization behaviour) {
        this.authorization = behaviour;
        return this;
    }

    /** Authorizations answer as the sandbox does again. */
    TestGateway authorizingAsSandbox() {
        this.authorization = sandbox::authorize;
        return this;
    }

    /** Every authorization fails as the sandbox's unavailable provider, whatever the payment method. */
    TestGateway unavailable() {
        return authorizingWith(request -> sandbox.authorize(new AuthorizeRequest(request.paymentId(),
                request.idempotencyKey(), request.amount(), request.country(), SandboxProcessor.UNAVAILABLE,
                request.reference(), request.capture())));
    }

    int authorizeCalls() {
        return authorizations.size();
    }

    @Override
    public GatewayCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public GatewayResult authorize(GatewayContext context, AuthorizeRequest request) throws GatewayException {
        authorizations.add(request);
        return authorization.authorize(request);
    }

    @Override
    public GatewayResult capture(GatewayContext context, CaptureRequest request) {
        captures.add(request);
        return sandbox.capture(request);
    }

    @Override
    public GatewayResult voidAuthorization(GatewayContext context, VoidRequest request) {
        voids.incrementAndGet();
        return sandbox.voidAuthorization(request);
    }

    @Override
    public GatewayResult refund(GatewayContext context, RefundRequest request) {
        refunds.add(request);
        return sandbox.refund(request);
    }

    @Override
    public GatewayResult status(GatewayContext context, StatusRequest request) {
        statusQuestions.add(request);
        return sandbox.status(request);
    }

    @Override
    public WebhookEvent verifyWebhook(GatewayContext context, WebhookRequest request) {
        throw new UnsupportedOperationException("no webhooks in unit tests");
    }
}
