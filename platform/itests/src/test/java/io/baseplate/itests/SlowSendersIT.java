package io.baseplate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.baseplate.api.payment.SandboxProcessor;

/**
 * A tenant's key opening 200 connections that send a payment body one byte every 2 s cannot take
 * the server's threads: {@code /health} and another tenant's payments keep answering within 1 s,
 * the connections beyond the per-key limit are refused at once with 429, and the others end when
 * their body misses its read deadline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SlowSendersIT extends BaseplateTestSupport {

    private static final int SLOW_CONNECTIONS = 200;
    private static final Duration BYTE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration ATTACK = Duration.ofSeconds(16);
    private static final long MAX_LATENCY_MILLIS = 1000;

    @Test
    public void slowBodiesOfOneKeyNeitherStallHealthNorOtherTenants() throws Exception {
        String slowKey = newTenantKey();
        String otherKey = newTenantKey();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                slow.add(openSlowPayment(slowKey));
            }
            long worstHealth = 0;
            long worstPayment = 0;
            int probes = 0;
            long end = System.nanoTime() + ATTACK.toNanos();
            long nextByte = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextByte) {
                    slow.forEach(SlowSendersIT::sendOneByte);
                    nextByte = System.nanoTime() + BYTE_INTERVAL.toNanos();
                }
                long started = System.nanoTime();
                assertEquals(200, api.healthStatus());
                worstHealth = Math.max(worstHealth, millisSince(started));

                started = System.nanoTime();
                BaseplateApi.Reply payment = api.pay(otherKey, UUID.randomUUID().toString(), 1000, "INR", SandboxProcessor.APPROVE);
                worstPayment = Math.max(worstPayment, millisSince(started));
                assertEquals(payment.toString(), 201, payment.status());
                probes++;
                Thread.sleep(100);
            }
            Map<String, Integer> answers = answersOf(slow);
            System.out.printf("SlowSendersIT: %d probes, worst /health %d ms, worst payment %d ms, slow connections: %s%n",
                    probes, worstHealth, worstPayment, answers);
            assertTrue("/health took " + worstHealth + " ms", worstHealth < MAX_LATENCY_MILLIS);
            assertTrue("another tenant's payment took " + worstPayment + " ms", worstPayment < MAX_LATENCY_MILLIS);
            assertTrue("the per-key limit refused none of the slow connections: " + answers,
                    answers.getOrDefault("429", 0) >= SLOW_CONNECTIONS / 2);
            assertEquals("slow bodies past their read deadline must be answered 408: " + answers,
                    SLOW_CONNECTIONS - answers.getOrDefault("429", 0), (int) answers.getOrDefault("408", 0));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private Socket openSlowPayment(String apiKey) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(context.getProperty("org.osgi.service.http.port"))), 2000);
        String head = "POST /api/v1/payments HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + apiKey
                + "\r\nIdempotency-Key: " + UUID.randomUUID() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The body's next byte; a connection the server already answered and closed is left alone. */
    private static void sendOneByte(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(' ');
            out.flush();
        } catch (IOException closedByServer) {
            // answered already; its status is read at the end
        }
    }

    /** How many slow connections were answered with each status, or "none" if still waiting. */
    private static Map<String, Integer> answersOf(List<Socket> sockets) throws IOException {
        Map<String, Integer> answers = new TreeMap<>();
        for (Socket socket : sockets) {
            answers.merge(statusOf(socket), 1, Integer::sum);
        }
        return answers;
    }

    private static String statusOf(Socket socket) throws IOException {
        socket.setSoTimeout(200);
        byte[] head = new byte[12];
        int read = 0;
        try {
            InputStream in = socket.getInputStream();
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (SocketTimeoutException stillWaiting) {
            return "none";
        } catch (IOException reset) {
            return "reset";
        }
        String line = new String(head, 0, read, StandardCharsets.US_ASCII);
        return line.startsWith("HTTP/1.1 ") ? line.substring(9).trim() : "closed";
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
