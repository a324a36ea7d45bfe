package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * An appointment followed live by three Server-Sent Events clients: its patient, its doctor and an unrelated
 * patient of the same tenant. The first two receive each transition within a second of the request that fired
 * it; the third receives nothing. The patient's client leaves halfway and comes back with Last-Event-ID: it
 * gets what it missed, in order, and nothing twice. (Across a restart, tools/event-replay-restart-test.py.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AppointmentLiveIT extends BaseplateTestSupport {

    private static final String TOPICS = "topic=baseplate/workflow/*";
    private static final Duration LIVE_WITHIN = Duration.ofSeconds(1);
    private static final String TYPE = "appointment";

    @Test
    public void thePatientAndTheDoctorFollowEachTransitionAndNobodyElseSeesIt() throws Exception {
        Path plugin = deploy(pluginJar("workflow-appointment-"));
        try {
            WorkflowParties clinic = new WorkflowParties(api);
            awaitCondition("the appointment type", CHANGE_VISIBLE, () -> clinic.listed(TYPE));
            WorkflowParties.Person patient = clinic.person("PATIENT");
            WorkflowParties.Person doctor = clinic.person("DOCTOR");
            WorkflowParties.Person stranger = clinic.person("PATIENT");
            String slot = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

            try (EventStream patientStream = api.events(patient.key(), null, TOPICS);
                 EventStream doctorStream = api.events(doctor.key(), null, TOPICS);
                 EventStream strangerStream = api.events(stranger.key(), null, TOPICS)) {
                long before = System.currentTimeMillis();
                String appointment = clinic.started(patient.key(), TYPE,
                        Map.of("doctorUserId", doctor.userId(), "slotStart", slot, "visitReason", "check-up"));
                String lastSeenByPatient = expectLive(List.of(patientStream, doctorStream), appointment, "START", before);

                before = System.currentTimeMillis();
                assertEquals("CONFIRMED", clinic.moved(doctor.key(), appointment, "CONFIRM", null));
                lastSeenByPatient = expectLive(List.of(patientStream, doctorStream), appointment, "CONFIRM", before);

                patientStream.close();
                for (String transition : List.of("CHECK_IN", "COMPLETE")) {
                    before = System.currentTimeMillis();
                    clinic.moved(doctor.key(), appointment, transition, null);
                    expectLive(List.of(doctorStream), appointment, transition, before);
                }

                try (EventStream resumed = api.events(patient.key(), lastSeenByPatient, TOPICS)) {
                    List<String> missed = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        missed.add(resumed.await(event -> event.data().contains(appointment), CHANGE_VISIBLE,
                                "that the patient missed").name());
                    }
                    assertEquals(List.of(topic("CHECK_IN"), topic("COMPLETE")), missed);
                    Thread.sleep(LIVE_WITHIN.toMillis());
                    assertTrue("nothing twice", resumed.drain().stream().noneMatch(e -> e.data().contains(appointment)));
                }

                // The stranger's stream is open and alive (greeting, heartbeats) but got no event of the appointment.
                Thread.sleep(LIVE_WITHIN.toMillis());
                List<EventStream.SseEvent> strangerGot = strangerStream.drain();
                assertTrue("the unrelated patient received " + strangerGot,
                        strangerGot.stream().noneMatch(e -> e.data().contains(appointment) || e.name() != null && e.name().startsWith("baseplate/")));
            }
        } finally {
            Files.delete(plugin);
        }
    }

    /** Each stream receives the transition's event within a second of {@code sentAtMillis}; returns its SSE id. */
    private static String expectLive(List<EventStream> streams, String appointment, String transition, long sentAtMillis)
            throws InterruptedException {
        String id = null;
        for (EventStream stream : streams) {
            EventStream.SseEvent event = stream.await(e -> topic(transition).equals(e.name()) && e.data().contains(appointment),
                    CHANGE_VISIBLE, transition + " of appointment " + appointment);
            long latency = event.receivedAtMillis() - sentAtMillis;
            assertTrue(transition + " arrived " + latency + " ms after its request", latency <= LIVE_WITHIN.toMillis());
            assertTrue("an outbox event has an id", event.id() != null && !event.id().isBlank());
            id = event.id();
        }
        return id;
    }

    private static String topic(String transition) {
        return "baseplate/workflow/" + TYPE + "/" + transition;
    }
}
