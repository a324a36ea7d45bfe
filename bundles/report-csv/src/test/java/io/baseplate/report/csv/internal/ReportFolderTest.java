package io.baseplate.report.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFolderTest {

    private static final String TENANT = UUID.randomUUID().toString();
    private static final String JOB = UUID.randomUUID().toString();

    @TempDir
    Path root;

    @Test
    void aWrittenReportIsReadBackWhole() throws IOException {
        ReportFolder folder = new ReportFolder(root);

        int written = folder.write(TENANT, JOB, out -> {
            out.write("id\r\np-1\r\n");
            return 1;
        });

        assertEquals(1, written);
        assertEquals(ReportFolder.State.READY, folder.state(TENANT, JOB));
        assertEquals("id\r\np-1\r\n", read(folder, TENANT, JOB));
        assertEquals(List.of(JOB + ".csv"), filesOf(root.resolve(TENANT)), "no temporary file is left behind");
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoReportAndNoPartialFile() throws IOException {
        ReportFolder folder = new ReportFolder(root);
        folder.markRequested(TENANT, JOB);

        assertThrows(IOException.class, () -> folder.write(TENANT, JOB, out -> {
            out.write("id\r\np-1\r\n".repeat(10_000));
            throw new IOException("the database went away");
        }));

        assertEquals(ReportFolder.State.PENDING, folder.state(TENANT, JOB));
        assertEquals(List.of(JOB + ".requested"), filesOf(root.resolve(TENANT)));
    }

    @Test
    void aRerunReplacesTheReportAndAFailedRerunKeepsTheEarlierOne() throws IOException {
        ReportFolder folder = new ReportFolder(root);
        folder.write(TENANT, JOB, out -> {
            out.write("first\r\n");
            return null;
        });
        folder.write(TENANT, JOB, out -> {
            out.write("second\r\n");
            return null;
        });
        assertEquals("second\r\n", read(folder, TENANT, JOB));

        assertThrows(IOException.class, () -> folder.write(TENANT, JOB, out -> {
            out.write("third, half");
            throw new IOException("crash");
        }));
        assertEquals("second\r\n", read(folder, TENANT, JOB));
    }

    @Test
    void aReportIsFoundOnlyUnderItsOwnTenant() throws IOException {
        ReportFolder folder = new ReportFolder(root);
        folder.markRequested(TENANT, JOB);
        folder.write(TENANT, JOB, out -> null);

        String otherTenant = UUID.randomUUID().toString();
        assertEquals(ReportFolder.State.UNKNOWN, folder.state(otherTenant, JOB));
        assertFalse(folder.open(otherTenant, JOB).isPresent());
        assertEquals(ReportFolder.State.UNKNOWN, folder.state(TENANT, UUID.randomUUID().toString()));
    }

    @Test
    void idsThatCouldLeaveTheFolderAreRefused() throws IOException {
        ReportFolder folder = new ReportFolder(root);
        for (String jobId : new String[] {"../" + JOB, "..", JOB + "/../x", "1-1-1-1-1", ""}) {
            assertThrows(IllegalArgumentException.class, () -> folder.state(TENANT, jobId), jobId);
        }
        for (String tenantId : new String[] {"..", "../other", "a/b", "", null}) {
            assertThrows(IllegalArgumentException.class, () -> folder.write(tenantId, JOB, out -> null), String.valueOf(tenantId));
        }
        assertEquals(List.of(), filesOf(root));
    }

    private static String read(ReportFolder folder, String tenantId, String jobId) throws IOException {
        try (InputStream in = folder.open(tenantId, jobId).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> filesOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
