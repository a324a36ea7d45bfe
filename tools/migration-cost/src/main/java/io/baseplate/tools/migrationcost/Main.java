package io.baseplate.tools.migrationcost;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * One sample, in this fresh JVM: {@code Main liquibase|liquibase-quiet|liquibase-facade|runner <database folder>}.
 *
 * <p>Opens the H2 file database through a pool, as the platform's Database component does, and
 * opens it once before the clock starts (both variants pay that alike). Then times "have a
 * DataSource" to "schema up to date": three module migrations, tenancy, payments, jobs. Prints one
 * line starting with {@code RESULT} of key=value pairs for run.py to collect.
 */
public final class Main {

    static final String[] MODULES = {"tenancy", "payments", "jobs"};

    /** Held so that the level set on it is not lost to garbage collection. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("liquibase", "liquibase-quiet", "liquibase-facade", "runner").contains(args[0])) {
            System.err.println("usage: Main liquibase|liquibase-quiet|liquibase-facade|runner <database folder>");
            System.exit(2);
        }
        long mainEntered = ManagementFactory.getRuntimeMXBean().getUptime();
        String variant = args[0];
        String url = "jdbc:h2:file:" + Path.of(args[1]).toAbsolutePath().resolve("db")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        boolean liquibase = variant.startsWith("liquibase");
        boolean quiet = variant.equals("liquibase-quiet");
        if (quiet) {
            LIQUIBASE_LOG.setLevel(Level.WARNING);
        }
        if (liquibase) {
            // What the platform would set: no usage data sent to, and no configuration fetched from,
            // liquibase.com at start-up (4.30+ asks its config endpoint when this is left unset).
            System.setProperty("liquibase.analytics.enabled", "false");
        }
        ClassLoader loader = Main.class.getClassLoader();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

        long h2Start = System.nanoTime();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(20);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
        }
        long h2Open = System.nanoTime() - h2Start;

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        os.getProcessCpuTime();
        int classesBefore = classes.getLoadedClassCount();
        long totalLoadedBefore = classes.getTotalLoadedClassCount();
        List<String> parts = new ArrayList<>();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        if (liquibase) {
            long scopeStart = System.nanoTime();
            LiquibaseMigrations.initScope();
            parts.add("scope_ms=" + ms(System.nanoTime() - scopeStart));
            for (String module : MODULES) {
                long moduleStart = System.nanoTime();
                String changelog = "db/changelog/" + module + ".sql";
                if (variant.equals("liquibase-facade")) {
                    LiquibaseMigrations.updateWithFacade(pool, loader, changelog);
                } else {
                    LiquibaseMigrations.update(pool, loader, changelog, quiet);
                }
                parts.add(module + "_ms=" + ms(System.nanoTime() - moduleStart));
            }
        } else {
            OwnRunner runner = new OwnRunner(pool, loader);
            int applied = 0;
            for (String module : MODULES) {
                long moduleStart = System.nanoTime();
                applied += runner.migrate(module);
                parts.add(module + "_ms=" + ms(System.nanoTime() - moduleStart));
            }
            parts.add("applied=" + applied);
        }
        long total = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuStart; // all threads: main, JIT compilers, GC
        int classesAfter = classes.getLoadedClassCount();
        long totalLoadedAfter = classes.getTotalLoadedClassCount();

        String tables;
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES "
                     + "WHERE INDEX_NAME IN ('IX_JOBS_CLAIM', 'IX_JOBS_TENANT_CREATED', 'IX_JOBS_STATUS_CREATED')")) {
            rows.next();
            tables = "job_indexes=" + rows.getInt(1); // 2 when up to date: V2 dropped IX_JOBS_STATUS_CREATED
        }
        pool.dispose();

        System.out.println("RESULT variant=" + variant + " total_ms=" + ms(total) + " cpu_ms=" + ms(cpu) + " " + String.join(" ", parts)
                + " h2_open_ms=" + ms(h2Open) + " main_at_ms=" + mainEntered
                + " classes_added=" + (totalLoadedAfter - totalLoadedBefore)
                + " classes_loaded=" + classesAfter + " classes_before=" + classesBefore + " " + tables);
        System.out.flush();
        // Liquibase's scope leaves no non-daemon thread in practice, but make sure the JVM ends here.
        System.exit(0);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
