package io.baseplate.report.csv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.command.CommandBus;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.RateLimited;
import io.baseplate.api.security.Role;
import io.baseplate.api.security.RolesAllowed;

/**
 * CSV reports of the calling tenant's payments: {@code POST} queues one for a range and answers 202 with the
 * job id; {@code GET .../{jobId}} downloads it once the job has written it (409 until then). Another tenant's
 * job id, or an id never requested, is 404. Selects no application, so it joins the platform's {@code /api}.
 */
@Component(service = PaymentReportsResource.class)
@JakartarsResource
@JakartarsName("payment-reports")
@Path("v1/reports/payments")
@RolesAllowed({Role.TENANT_ADMIN, Role.OPERATOR})
@RateLimited
public class PaymentReportsResource {

    static final String TEXT_CSV = "text/csv";
    private static final String REQUIRED = "is required";

    /** Request body of {@code POST /api/v1/reports/payments}: payments created at or after {@code from} and before {@code to}. */
    public record ReportRange(
            @NotNull(message = REQUIRED) Instant from,
            @NotNull(message = REQUIRED) Instant to) {
    }

    /** The answer to a report request: the job that writes it, whose state {@code GET /api/v1/jobs/{jobId}} shows. */
    public record ReportRequested(String jobId, Instant from, Instant to) {
    }

    private final CommandBus commands;
    private final ReportFolder folder;

    @Activate
    public PaymentReportsResource(@Reference CommandBus commands, @Reference ReportFolder folder) {
        this.commands = commands;
        this.folder = folder;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response request(@Valid @NotNull ReportRange body, @Context SecurityContext security) throws IOException {
        String tenantId = Caller.of(security).requireTenant();
        try {
            PaymentsCsvReportHandler.requireValidRange(body.from(), body.to());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        String jobId = commands.submit(tenantId, PaymentsCsvReportHandler.TYPE, Map.of(
                PaymentsCsvReportHandler.FROM, body.from().toString(), PaymentsCsvReportHandler.TO, body.to().toString()));
        folder.markRequested(tenantId, jobId);
        return Response.accepted(new ReportRequested(jobId, body.from(), body.to()))
                .location(URI.create("v1/reports/payments/" + jobId)).build();
    }

    /** The report as {@code text/csv}, for saving as a file. */
    @GET
    @Path("{jobId}")
    @Produces(TEXT_CSV)
    public Response download(@PathParam("jobId") String jobId, @Context SecurityContext security) throws IOException {
        String tenantId = Caller.of(security).requireTenant();
        if (!ReportFolder.isUuid(jobId)) {
            throw noSuchReport(jobId);
        }
        Optional<InputStream> report = folder.open(tenantId, jobId);
        if (report.isPresent()) {
            return Response.ok(report.get(), TEXT_CSV + "; charset=UTF-8")
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"payments-" + jobId + ".csv\"")
                    .build();
        }
        if (folder.state(tenantId, jobId) == ReportFolder.State.PENDING) {
            throw ProblemException.conflict("The report of job '" + jobId + "' is not ready yet; "
                    + "GET /api/v1/jobs/" + jobId + " shows how its job is doing");
        }
        throw noSuchReport(jobId);
    }

    private static ProblemException noSuchReport(String jobId) {
        return ProblemException.notFound("No payment report with job id '" + jobId + "'");
    }
}
