package io.baseplate.report.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.baseplate.api.command.BatchProgress;
import io.baseplate.api.command.CommandBus;
import io.baseplate.api.command.CommandRequest;
import io.baseplate.api.rest.ProblemException;
import io.baseplate.api.security.Caller;
import io.baseplate.api.security.Role;

/** What the API answers for a report: 202 with its job, then 409, 200 or 404 depending on the file and the tenant. */
class PaymentReportsResourceTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

    @TempDir
    Path root;

    private final List<Map<String, String>> submitted = new ArrayList<>();
    private final String jobId = UUID.randomUUID().toString();
    /** Records plain submits, the only call the resource makes. */
    private final CommandBus commands = new CommandBus() {
        @Override
        public String submit(String tenantId, String type, Map<String, String> payload) {
            submitted.add(Map.of("tenant", tenantId, "type", type, "from", payload.get("from"), "to", payload.get("to")));
            return jobId;
        }

        @Override
        public String submit(CommandRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String submitBatch(String tenantId, String name, List<CommandRequest> children) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant schedule(String tenantId, String name, String cron, ZoneId zone, String type, Map<String, String> payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BatchProgress> batch(String tenantId, String batchId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean unschedule(String tenantId, String name) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void aRequestQueuesTheCommandAndItsReportIsNotReadyUntilWritten() throws IOException {
        ReportFolder folder = new ReportFolder(root);
        PaymentReportsResource resource = new PaymentReportsResource(commands, folder);
        String tenant = UUID.randomUUID().toString();

        Response accepted = resource.request(new PaymentReportsResource.ReportRange(FROM, TO), callerOf(tenant));

        assertEquals(202, accepted.getStatus());
        assertEquals(new PaymentReportsResource.ReportRequested(jobId, FROM, TO), accepted.getEntity());
        assertEquals(List.of(Map.of("tenant", tenant, "type", "PaymentsCsvReport", "from", FROM.toString(), "to", TO.toString())),
                submitted);
        assertProblem(409, () -> resource.download(jobId, callerOf(tenant)));

        folder.write(tenant, jobId, out -> {
            out.write("id\r\n");
            return null;
        });
        Response report = resource.download(jobId, callerOf(tenant));
        assertEquals(200, report.getStatus());
        assertEquals(MediaType.valueOf("text/csv; charset=UTF-8"), report.getMediaType());
        assertEquals("attachment; filename=\"payments-" + jobId + ".csv\"", report.getHeaderString(HttpHeaders.CONTENT_DISPOSITION));
        try (InputStream body = (InputStream) report.getEntity()) {
            assertEquals("id\r\n", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anotherTenantsUnknownAndMalformedJobIdsAreNotFound() throws IOException {
        ReportFolder folder = new ReportFolder(root);
        PaymentReportsResource resource = new PaymentReportsResource(commands, folder);
        String owner = UUID.randomUUID().toString();
        resource.request(new PaymentReportsResource.ReportRange(FROM, TO), callerOf(owner));
        folder.write(owner, jobId, out -> null);

        assertProblem(404, () -> resource.download(jobId, callerOf(UUID.randomUUID().toString())));
        assertProblem(404, () -> resource.download(UUID.randomUUID().toString(), callerOf(owner)));
        assertProblem(404, () -> resource.download("../" + owner + "/" + jobId, callerOf(owner)));
    }

    @Test
    void aRangeThatIsEmptyReversedOrLongerThanAYearIsRefusedWithoutQueueingAnything() {
        PaymentReportsResource resource = new PaymentReportsResource(commands, new ReportFolder(root));
        SecurityContext caller = callerOf(UUID.randomUUID().toString());

        assertProblem(400, () -> resource.request(new PaymentReportsResource.ReportRange(FROM, FROM), caller));
        assertProblem(400, () -> resource.request(new PaymentReportsResource.ReportRange(TO, FROM), caller));
        assertProblem(400, () -> resource.request(new PaymentReportsResource.ReportRange(FROM, FROM.plusSeconds(366L * 86_400 + 1)), caller));
        assertTrue(submitted.isEmpty());
    }

    private interface Call {
        Response run() throws IOException;
    }

    private static void assertProblem(int status, Call call) {
        ProblemException problem = assertThrows(ProblemException.class, call::run);
        assertEquals(status, problem.getResponse().getStatus());
    }

    private static SecurityContext callerOf(String tenantId) {
        Caller caller = new Caller(tenantId, null, "key-1", "bp_test", EnumSet.of(Role.OPERATOR));
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.hasRole(Role.valueOf(role));
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "X-Api-Key";
            }
        };
    }
}
