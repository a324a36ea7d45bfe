package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Each workflow bundle the distribution ships in {@code plugins/} is hot deployed through {@code deploy/}, serves
 * (listed in {@code GET /api/v1/workflow-types}, an instance starts and moves), and is removed by deleting its
 * jar: the type is gone, starting one or moving an existing instance is a 409, and reading the instance and its
 * history still works. Deployed again, the instance moves on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkflowLifecycleIT extends BaseplateTestSupport {

    private static final String HANDLER = "io.baseplate.api.workflow.WorkflowHandler";

    @Test
    public void theAppointmentBundleInstallsServesAndUninstallsCleanly() throws Exception {
        WorkflowParties parties = new WorkflowParties(api);
        WorkflowParties.Person patient = parties.person("PATIENT");
        WorkflowParties.Person doctor = parties.person("DOCTOR");
        assertFalse("not installed before its jar is deployed", parties.listed("appointment"));
        assertEquals(409, parties.start(patient.key(), "appointment", Map.of()).status());

        Path jar = deploy(pluginJar("workflow-appointment-"));
        String id;
        try {
            awaitCondition("appointment to be listed", CHANGE_VISIBLE, () -> parties.listed("appointment"));
            assertEquals("one service per type", 1,
                    context.getServiceReferences(HANDLER, "(baseplate.workflow.type.id=appointment)").length);
            id = parties.started(patient.key(), "appointment", Map.of("doctorUserId", doctor.userId(),
                    "slotStart", WorkflowParties.slotIn(3 * 24 * 3600)));
            assertEquals("CONFIRMED", parties.moved(doctor.key(), id, "CONFIRM", null));
        } finally {
            WorkflowParties.undeploy(jar);
        }
        awaitCondition("appointment to be gone", CHANGE_VISIBLE, () -> !parties.listed("appointment"));
        assertNull("no service left behind", context.getServiceReferences(HANDLER, "(baseplate.workflow.type.id=appointment)"));

        BaseplateApi.Reply starting = parties.start(patient.key(), "appointment", Map.of());
        assertEquals(starting.toString(), 409, starting.status());
        assertTrue(starting.toString(), starting.json().path("detail").asText().contains("not installed"));
        BaseplateApi.Reply read = parties.get(patient.key(), id);
        assertEquals(read.toString(), 200, read.status());
        assertEquals("CONFIRMED", read.json().path("state").asText());
        assertFalse(read.json().path("installed").asBoolean());
        assertEquals(2, parties.history(doctor.key(), id).json().path("items").size());
        BaseplateApi.Reply moving = parties.fire(doctor.key(), id, "CHECK_IN", null);
        assertEquals(moving.toString(), 409, moving.status());

        Path again = deploy(pluginJar("workflow-appointment-"));
        try {
            awaitCondition("appointment to be back", CHANGE_VISIBLE, () -> parties.listed("appointment"));
            assertEquals("CHECKED_IN", parties.moved(doctor.key(), id, "CHECK_IN", null));
            assertEquals("COMPLETED", parties.moved(doctor.key(), id, "COMPLETE", null));
        } finally {
            WorkflowParties.undeploy(again);
        }
        awaitCondition("appointment to be gone again", CHANGE_VISIBLE, () -> !parties.listed("appointment"));
    }

    @Test
    public void theDeliveryBundleInstallsServesAndUninstallsCleanly() throws Exception {
        WorkflowParties parties = new WorkflowParties(api);
        WorkflowParties.Person customer = parties.person("CUSTOMER");
        WorkflowParties.Person courier = parties.person("COURIER");
        assertFalse(parties.listed("delivery"));

        Path jar = deploy(pluginJar("workflow-delivery-"));
        String id;
        try {
            awaitCondition("delivery to be listed", CHANGE_VISIBLE, () -> parties.listed("delivery"));
            id = parties.started(customer.key(), "delivery", Map.of("address", "1 Main St"));
            assertEquals("ASSIGNED", parties.moved(parties.adminKey, id, "ASSIGN", Map.of("courierUserId", courier.userId())));
            assertEquals("IN_TRANSIT", parties.moved(courier.key(), id, "PICK_UP", null));
            assertEquals("IN_TRANSIT", parties.moved(courier.key(), id, "LOCATION", Map.of("lat", 1.5, "lon", 2.5)));
        } finally {
            WorkflowParties.undeploy(jar);
        }
        awaitCondition("delivery to be gone", CHANGE_VISIBLE, () -> !parties.listed("delivery"));
        assertEquals(409, parties.start(customer.key(), "delivery", Map.of("address", "1 Main St")).status());
        assertEquals(409, parties.fire(courier.key(), id, "DELIVER", null).status());
        BaseplateApi.Reply read = parties.get(customer.key(), id);
        assertEquals(read.toString(), 200, read.status());
        assertEquals(1.5, read.json().path("data").path("lat").asDouble(), 0);
        assertEquals(4, parties.history(customer.key(), id).json().path("items").size());
    }
}
