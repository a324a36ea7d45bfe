package io.baseplate.bench.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Admission control in front of every servlet, as the platform's RequestGate: TRACE refused, at
 * most 16 requests in flight per API key by default (429 beyond), and on stop new requests answered 503 while
 * those in flight finish.
 */
final class RequestGate implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** As the platform's default, unless BASELINE_MAX_IN_FLIGHT_PER_KEY says otherwise (the harness raises both alike). */
    private static final int MAX_PER_KEY = Integer.parseInt(System.getenv().getOrDefault("BASELINE_MAX_IN_FLIGHT_PER_KEY", "16"));
    private static final String HEALTH_PATH = "/health";

    private final Map<String, Integer> inFlightPerKey = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private int inFlight;
    private volatile boolean stopping;

    boolean isStopping() {
        return stopping;
    }

    /** Refuses new requests with 503 and waits until the ones in flight have finished, or the timeout. */
    void drain(Duration timeout) {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    idle.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String method = request.getMethod();
        if ("TRACE".equals(method) || "TRACK".equals(method)) {
            response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            send(response, 405, "TRACE is disabled on this server");
            return;
        }
        if (stopping && !HEALTH_PATH.equals(request.getRequestURI())) {
            response.setHeader("Retry-After", "5");
            response.setHeader("Connection", "close");
            send(response, 503, "The baseline is stopping; retry shortly");
            return;
        }
        String keyId = keyId(request.getHeader(ApiKey.HEADER));
        if (keyId != null && inFlightPerKey.merge(keyId, 1, Integer::sum) > MAX_PER_KEY) {
            release(keyId);
            response.setHeader("Retry-After", "5");
            send(response, 429, "Too many requests at once for this API key; retry shortly");
            return;
        }
        synchronized (idle) {
            inFlight++;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            synchronized (idle) {
                inFlight--;
                idle.notifyAll();
            }
            if (keyId != null) {
                release(keyId);
            }
        }
    }

    private void release(String keyId) {
        inFlightPerKey.computeIfPresent(keyId, (id, count) -> count > 1 ? count - 1 : null);
    }

    private static String keyId(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(HttpServletResponse response, int status, String detail) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Problems.Problem.of(status, Problems.titleOf(status), detail));
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
