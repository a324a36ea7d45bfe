package io.baseplate.notify.email.internal;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.AddressException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
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
 * {@code /api/v1/campaigns}: create a campaign (a template and a rate), add its recipients in parts (JSON,
 * or CSV with an {@code email} column whose other columns fill the placeholders), start it, and follow it.
 * Parts keep each request under the platform's body size limit however long the list.
 */
@Component(service = CampaignsResource.class)
@JakartarsResource
@JakartarsName("campaigns")
@Path("v1/campaigns")
@RolesAllowed({Role.TENANT_ADMIN, Role.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
public class CampaignsResource {

    static final String CSV = "text/csv";
    private static final String ONE_LINE = "[^\\r\\n]*";
    private static final int REPORTED_MISTAKES = 20;

    /** Request body of {@code POST /api/v1/campaigns}. */
    public record NewCampaign(
            @NotNull(message = "is required") @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            @Pattern(regexp = ONE_LINE, message = "must be one line: no CR or LF") String name,
            @NotNull(message = "is required") @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            @Pattern(regexp = ONE_LINE, message = "must be one line: no CR or LF") String subject,
            @NotNull(message = "is required") @Size(min = 1, max = 10_000, message = "must be 1 to 10000 characters") String body,
            @Min(value = 1, message = "must be at least 1") @Max(value = 10_000, message = "must be at most 10000")
            Integer ratePerSecond) {
    }

    /** One recipient in a JSON part: the address and its placeholder values. */
    public record NewRecipient(
            @NotNull(message = "is required") @Size(max = 254, message = "must be at most 254 characters") String email,
            Map<String, @NotNull @Size(max = 500, message = "must be at most 500 characters") String> fields) {
    }

    /** Request body of {@code POST /api/v1/campaigns/{id}/recipients} as JSON. */
    public record RecipientsPart(
            @NotNull(message = "is required") @Size(min = 1, max = 5_000, message = "must hold 1 to 5000 recipients")
            List<@NotNull @Valid NewRecipient> recipients) {
    }

    private static final int DEFAULT_RATE = 50;

    private final Campaigns campaigns;

    @Activate
    public CampaignsResource(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull(message = "a body is required") NewCampaign campaign,
                           @Context SecurityContext security) {
        Campaigns.CampaignView created = campaigns.create(Caller.of(security).requireTenant(), campaign.name(),
                campaign.subject(), campaign.body(), campaign.ratePerSecond() == null ? DEFAULT_RATE : campaign.ratePerSecond());
        return Response.created(URI.create("v1/campaigns/" + created.id())).entity(created).build();
    }

    @POST
    @Path("{id}/recipients")
    @Consumes(MediaType.APPLICATION_JSON)
    public Campaigns.CampaignView addRecipients(@PathParam("id") String campaignId,
                                                @Valid @NotNull(message = "a body is required") RecipientsPart part,
                                                @Context SecurityContext security) {
        List<Campaigns.Recipient> recipients = new ArrayList<>();
        List<String> mistakes = new ArrayList<>();
        for (int i = 0; i < part.recipients().size(); i++) {
            NewRecipient recipient = part.recipients().get(i);
            add(recipients, mistakes, "recipients[" + i + "]", recipient.email(),
                    recipient.fields() == null ? Map.of() : recipient.fields());
        }
        return campaigns.addRecipients(Caller.of(security).requireTenant(), campaignId, valid(recipients, mistakes));
    }

    @POST
    @Path("{id}/recipients")
    @Consumes(CSV)
    public Campaigns.CampaignView addRecipientsCsv(@PathParam("id") String campaignId, String csv,
                                                   @Context SecurityContext security) {
        List<Campaigns.Recipient> recipients = new ArrayList<>();
        List<String> mistakes = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv == null ? "" : csv), format)) {
            if (!parser.getHeaderNames().contains("email")) {
                throw ProblemException.badRequest("The CSV needs a header row with an 'email' column; it has "
                        + parser.getHeaderNames());
            }
            for (CSVRecord row : parser) {
                Map<String, String> fields = new LinkedHashMap<>(row.toMap());
                String email = fields.remove("email");
                add(recipients, mistakes, "line " + parser.getCurrentLineNumber(), email, fields);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException malformed) {
            throw ProblemException.badRequest("The CSV cannot be read: " + malformed.getMessage());
        }
        if (recipients.isEmpty() && mistakes.isEmpty()) {
            throw ProblemException.badRequest("The CSV has no recipients after its header row");
        }
        return campaigns.addRecipients(Caller.of(security).requireTenant(), campaignId, valid(recipients, mistakes));
    }

    /** 202: the emails are rendered and queued by a background job; GET shows STARTING, then SENDING. */
    @POST
    @Path("{id}/start")
    public Response start(@PathParam("id") String campaignId, @Context SecurityContext security) {
        Campaigns.CampaignView starting = campaigns.start(Caller.of(security).requireTenant(), campaignId);
        return Response.accepted(starting).location(URI.create("v1/campaigns/" + campaignId)).build();
    }

    @GET
    @Path("{id}")
    public Campaigns.CampaignView get(@PathParam("id") String campaignId, @Context SecurityContext security) {
        return campaigns.find(Caller.of(security).requireTenant(), campaignId)
                .orElseThrow(() -> ProblemException.notFound("No campaign with id '" + campaignId + "'"));
    }

    private static void add(List<Campaigns.Recipient> recipients, List<String> mistakes, String where, String email,
                            Map<String, String> fields) {
        String address = email == null ? "" : email.strip();
        try {
            if (MailAddresses.hasLineBreak(address)) {
                throw new AddressException("it contains a line break");
            }
            MailAddresses.parse(address);
            recipients.add(new Campaigns.Recipient(address, fields));
        } catch (AddressException e) {
            mistakes.add(where + ": '" + address + "' is not one email address (" + e.getMessage() + ")");
        }
    }

    /** All or nothing: a part with any bad address adds no recipient, and the problem lists the first few. */
    private static List<Campaigns.Recipient> valid(List<Campaigns.Recipient> recipients, List<String> mistakes) {
        if (!mistakes.isEmpty()) {
            throw ProblemException.badRequest(mistakes.size() + " recipient(s) cannot be used, none was added: "
                    + String.join("; ", mistakes.subList(0, Math.min(REPORTED_MISTAKES, mistakes.size())))
                    + (mistakes.size() > REPORTED_MISTAKES ? "; ..." : ""));
        }
        return recipients;
    }
}
