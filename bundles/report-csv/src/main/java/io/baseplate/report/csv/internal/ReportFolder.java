package io.baseplate.report.csv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Where reports live: {@code <baseplate.data.dir>/reports/<tenantId>/<jobId>.csv}. A report is written to
 * a temporary file beside it and moved into place in one atomic step, so a reader sees either no report or
 * a whole one, never the half a crashed or still running job left; a rerun of the job replaces it.
 *
 * <p>The folder also remembers which jobs were requested ({@code <jobId>.requested}, written when the API
 * submits one), so that the API can tell a report still being written (409) from one that does not exist
 * for the caller's tenant (404) without asking the job queue, whose API has no query.
 */
@Component(service = ReportFolder.class)
public class ReportFolder {

    /** The framework property the launcher sets to the installation's data directory. */
    static final String DATA_DIR_PROPERTY = "baseplate.data.dir";
    private static final String REPORT_SUFFIX = ".csv";
    private static final String REQUESTED_SUFFIX = ".requested";
    /** Tenant ids are UUIDs; the folder takes any id made of what a UUID is made of. */
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** What the folder knows of a job's report. */
    enum State {
        /** The report is there, whole. */
        READY,
        /** The job was requested and its report is not written yet (or its job failed: see the job's state). */
        PENDING,
        /** No such report for this tenant. */
        UNKNOWN
    }

    /** Writes a report's content and says something about it (e.g. how many rows); the folder makes it visible only once this returns. */
    @FunctionalInterface
    interface Content<T> {
        T writeTo(Writer out) throws IOException;
    }

    private final Path root;

    @Activate
    public ReportFolder(BundleContext context) {
        this(dataDirectory(context).resolve("reports"));
    }

    ReportFolder(Path root) {
        this.root = root;
    }

    /**
     * Writes the report of a job atomically, replacing an earlier one of the same job.
     *
     * @return what the content returned
     * @throws IllegalArgumentException when the job id is not a UUID
     */
    <T> T write(String tenantId, String jobId, Content<T> content) throws IOException {
        Path report = report(tenantId, jobId);
        Files.createDirectories(report.getParent());
        Path partial = Files.createTempFile(report.getParent(), jobId + "-", REPORT_SUFFIX + ".partial");
        try {
            T written;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE);
                 OutputStream stream = Channels.newOutputStream(channel);
                 Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
                written = content.writeTo(out);
                out.flush();
                // On disk before it becomes visible: after a power loss the move may survive its content.
                channel.force(true);
            }
            Files.move(partial, report, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return written;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Records that a job for this report was submitted. */
    void markRequested(String tenantId, String jobId) throws IOException {
        Path marker = file(tenantId, jobId, REQUESTED_SUFFIX);
        Files.createDirectories(marker.getParent());
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException alreadyMarked) {
            // the same job marked twice is marked
        }
    }

    State state(String tenantId, String jobId) {
        if (Files.isRegularFile(report(tenantId, jobId))) {
            return State.READY;
        }
        return Files.isRegularFile(file(tenantId, jobId, REQUESTED_SUFFIX)) ? State.PENDING : State.UNKNOWN;
    }

    /** The report of a job, open for reading, if it is written. */
    Optional<InputStream> open(String tenantId, String jobId) throws IOException {
        try {
            return Optional.of(Files.newInputStream(report(tenantId, jobId)));
        } catch (NoSuchFileException notWritten) {
            return Optional.empty();
        }
    }

    private Path report(String tenantId, String jobId) {
        return file(tenantId, jobId, REPORT_SUFFIX);
    }

    /** Both ids become path segments: only letters, digits and dashes, which cannot climb out of the folder, are taken. */
    private Path file(String tenantId, String jobId, String suffix) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("Not a tenant id: '" + tenantId + "'");
        }
        if (!isUuid(jobId)) {
            throw new IllegalArgumentException("A job id must be a UUID, not '" + jobId + "'");
        }
        return root.resolve(tenantId).resolve(jobId.toLowerCase(Locale.ROOT) + suffix);
    }

    static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equals(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notUuid) {
            return false;
        }
    }

    /** {@code baseplate.data.dir} as the launcher sets it; else (an embedding that sets none) this bundle's data area. */
    private static Path dataDirectory(BundleContext context) {
        String dataDir = context.getProperty(DATA_DIR_PROPERTY);
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        return context.getDataFile("").toPath();
    }
}
