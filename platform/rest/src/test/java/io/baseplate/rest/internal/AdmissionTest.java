package io.baseplate.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void closingWaitsForTheRequestInsideAndThenLetsOnlyHealthChecksIn() throws Exception {
        Admission admission = new Admission();
        assertTrue(admission.enter(false));
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger leftInside = new AtomicInteger(-1);
        Thread closer = new Thread(() -> {
            try {
                leftInside.set(admission.close(Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closed.countDown();
        });
        closer.start();

        assertFalse(closed.await(200, TimeUnit.MILLISECONDS), "close returned while a request was inside");
        assertTrue(admission.isClosing());
        assertFalse(admission.enter(false), "a new request entered while closing");
        assertTrue(admission.enter(true), "a health check was refused while closing");
        admission.leave();

        admission.leave();
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(0, leftInside.get());
    }

    /** A refusal while closing is counted until it has been answered and audited. */
    @Test
    void closingWaitsForARefusalInProgress() throws Exception {
        Admission admission = new Admission();
        assertEquals(0, admission.close(Duration.ZERO));
        assertFalse(admission.enter(false));
        admission.enterRefused();
        assertEquals(1, admission.close(Duration.ofMillis(20)));
        admission.leave();
        assertEquals(0, admission.close(Duration.ofMillis(20)));
    }

    @Test
    void closingGivesUpAfterItsTimeoutAndSaysHowManyAreStillInside() throws Exception {
        Admission admission = new Admission();
        admission.enter(false);
        admission.enter(false);

        assertEquals(2, admission.close(Duration.ofMillis(50)));
    }

    @Test
    void refusalsAfterTheDoorClosedAreWaitedForToo() throws Exception {
        Admission admission = new Admission();
        assertEquals(0, admission.close(Duration.ZERO));
        admission.enterRefused();
        assertEquals(1, admission.awaitEmpty(Duration.ofMillis(20)));
        Thread answered = new Thread(() -> {
            sleepQuietly(30);
            admission.leave();
        });
        answered.start();
        assertEquals(0, admission.awaitEmpty(Duration.ofSeconds(10)));
        answered.join();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Many requests enter and leave while the door closes: none may get in after close has returned. */
    @Test
    void noRequestGetsInUncountedWhileTheDoorCloses() throws Exception {
        for (int round = 0; round < 50; round++) {
            Admission admission = new Admission();
            AtomicBoolean closeReturned = new AtomicBoolean();
            AtomicInteger lateEntries = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        if (admission.enter(false)) {
                            if (closeReturned.get()) {
                                lateEntries.incrementAndGet();
                            }
                            Thread.onSpinWait();
                            admission.leave();
                        }
                    }
                });
                clients.add(client);
                client.start();
            }
            Thread.sleep(2);

            assertEquals(0, admission.close(Duration.ofSeconds(10)));
            closeReturned.set(true);
            Thread.sleep(2);
            stop.set(true);
            for (Thread client : clients) {
                client.join();
            }
            assertEquals(0, lateEntries.get(), "requests that entered after close had returned, in round " + round);
        }
    }
}
