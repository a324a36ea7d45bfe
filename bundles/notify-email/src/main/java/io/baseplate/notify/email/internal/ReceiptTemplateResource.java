package io.baseplate.notify.email.internal;

import jakarta.mail.internet.AddressException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;

/**
 * The calling tenant's receipt template, for its tenant admins: subject and body with the placeholders
 * {@code {{amount}} {{currency}} {{paymentId}} {{reference}} {{gateway}}}, and the default receipt address
 * used when a payment has no customer email. Joins the platform's {@code /api} application, the
 * whiteboard's default.
 */
@Component(service = ReceiptTemplateResource.class)
@JakartarsResource
@JakartarsName("email-templates")
@Path("v1/email-templates/receipt")
@RolesAllowed(Role.TENANT_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptTemplateResource {

    private static final String ONE_LINE = "[^\\r\\n]*";

    /** Request body of {@code PUT /api/v1/email-templates/receipt}. */
    public record TemplateBody(
            @NotNull(message = "is required")
            @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            @Pattern(regexp = ONE_LINE, message = "must be one line: no CR or LF")
            String subject,
            @NotNull(message = "is required")
            @Size(min = 1, max = 10_000, message = "must be 1 to 10000 characters")
            String body,
            @Size(max = 254, message = "must be at most 254 characters")
            @Pattern(regexp = ONE_LINE, message = "must be one line: no CR or LF")
            String defaultRecipient) {
    }

    /**
     * The template in use.
     *
     * @param builtIn true when the tenant has set none and the built-in template applies
     */
    public record TemplateView(String subject, String body, String defaultRecipient, boolean builtIn) {

        static TemplateView of(ReceiptTemplate template, boolean builtIn) {
            return new TemplateView(template.subject(), template.body(), template.defaultRecipient(), builtIn);
        }
    }

    private final ReceiptTemplates templates;

    @Activate
    public ReceiptTemplateResource(@Reference ReceiptTemplates templates) {
        this.templates = templates;
    }

    @GET
    public TemplateView get(@Context SecurityContext security) {
        return templates.find(Caller.of(security).requireTenant())
                .map(template -> TemplateView.of(template, false))
                .orElse(TemplateView.of(ReceiptTemplate.BUILT_IN, true));
    }

    /** Sets the tenant's template, replacing the one it had. 200 with the template. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView put(@Valid @NotNull TemplateBody body, @Context SecurityContext security) {
        String tenantId = Caller.of(security).requireTenant();
        String recipient = body.defaultRecipient() == null || body.defaultRecipient().isBlank() ? null : body.defaultRecipient().strip();
        if (recipient != null) {
            try {
                MailAddresses.parse(recipient);
            } catch (AddressException e) {
                throw ProblemException.badRequest("Field 'defaultRecipient' is not one email address: " + e.getMessage());
            }
        }
        ReceiptTemplate template = new ReceiptTemplate(body.subject(), body.body(), recipient);
        templates.save(tenantId, template);
        return TemplateView.of(template, false);
    }
}
