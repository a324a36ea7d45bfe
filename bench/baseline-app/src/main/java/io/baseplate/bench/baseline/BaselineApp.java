package io.baseplate.bench.baseline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.DispatcherType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare baseline of the benchmark: the platform's payment path (API key lookup, validation,
 * PENDING, sandbox charge, settle, receipt job) as one plain Java application on Jetty 12, Jersey,
 * HK2, Jackson, EclipseLink, HikariCP and H2, with no OSGi.
 *
 * <p>Environment: {@code BASELINE_HTTP_PORT} (8090), {@code BASELINE_DATA_DIR} (./baseline-data),
 * {@code BASELINE_API_KEY} (a tenant key for tenant {@code bench}; generated and printed if unset).
 */
public final class BaselineApp {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineApp.class);
    static final String TENANT_NAME = "bench";
    /** Held so that its level sticks: JUL keeps loggers only weakly. */
    private static final java.util.logging.Logger JERSEY_PROVIDERS_LOG =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    private BaselineApp() {
    }

    public static void main(String[] args) throws Exception {
        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        int port = Integer.parseInt(env("BASELINE_HTTP_PORT", "8090"));
        Path dataDir = Path.of(env("BASELINE_DATA_DIR", "baseline-data")).toAbsolutePath().normalize();
        String apiKey = System.getenv("BASELINE_API_KEY");
        Files.createDirectories(dataDir);
        if (!isFree(port)) {
            LOG.error("Port {} is already in use; stop what listens there or set BASELINE_HTTP_PORT", port);
            System.exit(2);
        }

        long mainAt = System.currentTimeMillis();
        // The platform's Database component: a Hikari pool over H2's own DataSource, same URL form.
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dataDir.resolve("baseline") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        h2.setUser("sa");
        h2.setPassword("");
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("baseline");
        hikari.setDataSource(h2);
        hikari.setMaximumPoolSize(20);
        hikari.setConnectionTimeout(30_000);
        HikariDataSource pool = new HikariDataSource(hikari);

        int applied = Migrations.migrate(pool);
        if (applied > 0) {
            LOG.info("Applied {} migration(s)", applied);
        }
        long migratedAt = System.currentTimeMillis();
        EntityManagerFactory factory = Units.create("baseline", pool);
        Db db = new Db(factory);
        String generated = ensureTenantKey(db, apiKey);
        if (generated != null) {
            System.out.println("Generated API key for tenant '" + TENANT_NAME + "': " + generated);
        }

        ExecutorService events = Executors.newFixedThreadPool(20, runnable -> {
            Thread thread = new Thread(runnable, "baseline-events");
            thread.setDaemon(true);
            return thread;
        });
        ApiKeyFilter keys = new ApiKeyFilter(db);
        EventStreamServlet streams = new EventStreamServlet(keys, Long.parseLong(env("BASELINE_SSE_HEARTBEAT_MS", "5000")));
        PaymentService payments = new PaymentService(db, new JobQueue(db), events, streams);
        payments.markInterruptedPaymentsUnknown(Instant.ofEpochMilli(startedAt));

        // Resources are registered as instances, like the platform's whiteboard services; Jersey would log a
        // harmless "does not implement any provider interfaces" warning for each (eclipse-ee4j/jersey#3700),
        // which the platform's config/logging.properties silences just so.
        JERSEY_PROVIDERS_LOG.setLevel(java.util.logging.Level.SEVERE);
        long persistenceAt = System.currentTimeMillis();
        ResourceConfig api = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(new JsonProvider())
                .register(new RequestBodyLimit())
                .register(keys)
                .register(new Problems.MalformedJson())
                .register(new Problems.UnreadableRequest())
                .register(new Problems.HttpErrors())
                .register(new Problems.DomainProblems())
                .register(new Problems.Unexpected())
                .register(new PaymentsResource(payments))
                .register(new GatewaysResource());

        RequestGate gate = new RequestGate();
        HealthServlet health = new HealthServlet(gate);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        FilterHolder gateHolder = new FilterHolder(gate);
        // the event streams are asynchronous requests, and every filter before them must allow that
        gateHolder.setAsyncSupported(true);
        context.addFilter(gateHolder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("health", health), "/health");
        ServletHolder eventStreams = new ServletHolder("events", streams);
        eventStreams.setAsyncSupported(true);
        context.addServlet(eventStreams, "/api/v1/events");
        ServletHolder jersey = new ServletHolder("api", new ServletContainer(api));
        jersey.setInitOrder(0);
        context.addServlet(jersey, "/api/*");

        Server server = new Server();
        // As config/baseplate.properties sets Felix HTTP: no Server header, 30 s idle timeout.
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(context);
        server.setStopAtShutdown(false);
        server.start();
        health.started();
        long serverAt = System.currentTimeMillis();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gate.drain(Duration.ofSeconds(25));
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("Jetty did not stop cleanly: {}", e.toString());
            }
            streams.stop();
            events.shutdown();
            try {
                events.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            factory.close();
            pool.close();
            LOG.info("Baseline stopped");
        }, "baseline-shutdown"));

        if (awaitHealthy(port, 120_000)) {
            long readyAt = System.currentTimeMillis();
            System.out.println("Baseline ready: /health answered 200 " + (readyAt - startedAt) + " ms after start");
            LOG.info("Start-up phases (ms): JVM to main {}, pool and migrations {}, EntityManagerFactory and first "
                    + "transactions {}, Jersey and Jetty {}, first /health 200 {}", mainAt - startedAt,
                    migratedAt - mainAt, persistenceAt - migratedAt, serverAt - persistenceAt, readyAt - serverAt);
        } else {
            LOG.error("Baseline did not become healthy within 120 s");
        }
        server.join();
    }

    /** Makes sure tenant {@value #TENANT_NAME} exists and has the key; returns a generated key, or null. */
    private static String ensureTenantKey(Db db, String configured) {
        String key = configured == null || configured.isBlank() ? generateKey() : configured.strip();
        String hash = Db.sha256Hex(key);
        db.inPlatform(em -> {
            TenantEntity tenant = em.createNamedQuery(TenantEntity.BY_NAME, TenantEntity.class)
                    .setParameter("name", TENANT_NAME).getResultStream().findFirst().orElse(null);
            if (tenant == null) {
                tenant = new TenantEntity(UUID.randomUUID().toString(), TENANT_NAME, Db.now());
                em.persist(tenant);
            }
            boolean known = !em.createNamedQuery(ApiKeyEntity.BY_HASH, ApiKeyEntity.class)
                    .setParameter("hash", hash).getResultList().isEmpty();
            if (!known) {
                em.persist(new ApiKeyEntity(UUID.randomUUID().toString(), tenant.getId(), Role.TENANT, hash, Db.now()));
            }
            return null;
        });
        return configured == null || configured.isBlank() ? key : null;
    }

    private static String generateKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "bp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The platform launcher's HealthProbe: GET /health every 50 ms until 200. */
    private static boolean awaitHealthy(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (status(port) == 200) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static int status(int port) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException notListeningYet) {
            return -1;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
