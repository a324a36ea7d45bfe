package io.baseplate.bench.baseline;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} once the server has started (and with it the
 * Jersey application, loaded on start-up), 503 problem while stopping. A plain servlet next to
 * Jersey, as the platform's HealthServlet.
 */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient RequestGate gate;
    private volatile boolean started;

    HealthServlet(RequestGate gate) {
        this.gate = gate;
    }

    void started() {
        started = true;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            super.service(request, response);
        } else {
            response.setHeader("Allow", "GET, HEAD");
            RequestGate.send(response, 405, "This method is not allowed on this resource");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (gate.isStopping()) {
            response.setHeader("Retry-After", "5");
            RequestGate.send(response, 503, "Baseline is stopping");
            return;
        }
        if (!started) {
            RequestGate.send(response, 503, "Baseline is starting");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), Map.of("status", "UP"));
    }
}
