package io.baseplate.payments.internal;

import java.net.URI;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RateLimited;
import io.baseplate.api.security.RolesAllowed;
import io.baseplate.api.security.Sensitive;
import io.baseplate.core.support.ApiResource;
import io.baseplate.core.support.QueryParameters;

/** Payments of the calling tenant. */
@Component(service = PaymentsResource.class)
@JakartarsResource
@JakartarsName("payments")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/payments")
@RolesAllowed({Role.TENANT_ADMIN, Role.OPERATOR})
@RateLimited
@Sensitive
@Produces(MediaType.APPLICATION_JSON)
public class PaymentsResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final int MAX_TEXT = 255;
    /**
     * The largest amount accepted, in minor units: 10 billion in a two-decimal currency, far above any
     * single payment, and below 2^53, so JSON clients that read numbers as doubles see it exactly.
     */
    static final long MAX_AMOUNT = 1_000_000_000_000L;

    private static final String REQUIRED = "is required";

    /** Request body of {@code POST /api/v1/payments}; amount in minor units. */
    public record PaymentRequest(
            @NotNull(message = REQUIRED)
            @Positive(message = "must be a positive number of minor units")
            @Max(value = MAX_AMOUNT, message = "must be at most {value} minor units")
            Long amount,
            @NotNull(message = REQUIRED)
            @Pattern(regexp = "[A-Za-z]{3}", message = "must be a three-letter ISO 4217 code")
            String currency,
            @Size(max = MAX_TEXT, message = "must be at most {max} characters")
            String reference,
            @NotBlank(message = REQUIRED)
            @Size(max = MAX_TEXT, message = "must be at most {max} characters")
            String paymentMethod,
            @Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter ISO 3166-1 country code")
            String country,
            Boolean capture) {
    }

    /** Request body of a capture or refund; without an amount, all that is left. */
    public record AmountRequest(
            @Positive(message = "must be a positive number of minor units")
            @Max(value = MAX_AMOUNT, message = "must be at most {value} minor units")
            Long amount) {
    }

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;

    private final PaymentService payments;

    @Activate
    public PaymentsResource(@Reference PaymentService payments) {
        this.payments = payments;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Valid @NotNull PaymentRequest body,
                           @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        PaymentService.Result result = payments.pay(tenantId, requireKey(idempotencyKey), toNewPayment(body));
        return Response.created(URI.create("v1/payments/" + result.payment().id()))
                .header("Idempotent-Replayed", String.valueOf(result.replayed()))
                .entity(result.payment()).build();
    }

    @POST
    @Path("{id}/capture")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response capture(@PathParam("id") String paymentId, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                            @Valid AmountRequest body, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        return answer(payments.capture(tenantId, paymentId, requireKey(idempotencyKey),
                body == null ? null : body.amount()));
    }

    @POST
    @Path("{id}/void")
    public Response voidAuthorization(@PathParam("id") String paymentId,
                                      @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                      @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        return answer(payments.voidAuthorization(tenantId, paymentId, requireKey(idempotencyKey)));
    }

    @POST
    @Path("{id}/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refund(@PathParam("id") String paymentId, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                           @Valid AmountRequest body, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        return answer(payments.refund(tenantId, paymentId, requireKey(idempotencyKey),
                body == null ? null : body.amount()));
    }

    /** The tenant's payments, newest first, a page at a time; {@code cursor} is the last page's {@code nextCursor}. */
    @GET
    public PaymentService.Page list(@QueryParam("status") String status, @QueryParam("currency") String currency,
                                    @QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
                                    @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        String code = QueryParameters.text("currency", currency);
        if (code != null && !code.matches("[A-Za-z]{3}")) {
            throw ProblemException.badRequest("'currency' must be a three-letter ISO 4217 code");
        }
        return payments.list(tenantId, QueryParameters.oneOf("status", status, PaymentStatus.class),
                code == null ? null : code.toUpperCase(Locale.ROOT), QueryParameters.text("cursor", cursor),
                QueryParameters.limit(limit, DEFAULT_PAGE, MAX_PAGE));
    }

    private static Response answer(PaymentService.Result result) {
        return Response.ok(result.payment()).header("Idempotent-Replayed", String.valueOf(result.replayed())).build();
    }

    private static String requireKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ProblemException.badRequest("Header 'Idempotency-Key' is required");
        }
        if (idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
            throw ProblemException.badRequest("Header 'Idempotency-Key' must be at most 255 characters");
        }
        return idempotencyKey;
    }

    @GET
    @Path("{id}")
    public PaymentService.PaymentView get(@PathParam("id") String paymentId, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        return payments.find(tenantId, paymentId)
                .orElseThrow(() -> ProblemException.notFound("No payment with id '" + paymentId + "'"));
    }

    /** The payment a request body asks for; its fields were validated on the way in (Bean Validation). */
    static PaymentService.NewPayment toNewPayment(PaymentRequest body) {
        return new PaymentService.NewPayment(body.amount(), body.currency().toUpperCase(Locale.ROOT),
                body.country() == null ? null : body.country().toUpperCase(Locale.ROOT), body.reference(),
                body.paymentMethod(), body.capture() == null || body.capture());
    }
}
