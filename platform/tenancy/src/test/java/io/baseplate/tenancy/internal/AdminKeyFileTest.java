package io.baseplate.tenancy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeyFileTest {

    @Test
    void theKeyIsWrittenToAFileOnlyItsOwnerCanReadOrWrite(@TempDir Path data) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = AdminKeyFile.write(data.resolve("data"), "bpa_abcdefgh_secret");
        assertEquals(data.resolve("data").resolve("initial-admin-key"), file);
        assertEquals("bpa_abcdefgh_secret", Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFileFromAnEarlierGenerationIsReplacedWithOwnerOnlyMode(@TempDir Path data) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path old = Files.writeString(data.resolve("initial-admin-key"), "old key, world-readable");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        Path file = AdminKeyFile.write(data, "bpa_new");
        assertEquals("bpa_new", Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
