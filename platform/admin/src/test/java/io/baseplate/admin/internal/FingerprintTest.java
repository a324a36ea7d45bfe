package io.baseplate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {

    @TempDir
    Path dir;

    @Test
    void aFileRenamedOverAnotherOfTheSameSizeAndTimeStillDiffers() throws IOException {
        Path deployed = Files.writeString(dir.resolve("a.jar"), "version 1");
        Path staged = Files.writeString(dir.resolve("a.jar.staged"), "version 2");
        Files.setLastModifiedTime(staged, Files.getLastModifiedTime(deployed));
        Fingerprint before = Fingerprint.of(deployed).orElseThrow();

        Files.move(staged, deployed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertNotEquals(before, Fingerprint.of(deployed).orElseThrow());
    }

    @Test
    void aMissingFileHasNoFingerprint() throws IOException {
        assertEquals(Optional.empty(), Fingerprint.of(dir.resolve("gone.jar")));
        assertEquals(Optional.empty(), Fingerprint.of(dir));
    }

    @Test
    void theStateFileFormReadsBack() throws IOException {
        Fingerprint fingerprint = Fingerprint.of(Files.writeString(dir.resolve("a.jar"), "x")).orElseThrow();
        assertEquals(Optional.of(fingerprint), Fingerprint.parse(fingerprint.format()));
        assertEquals(Optional.of(new Fingerprint(1, 2, "")), Fingerprint.parse("1/2/"));
        assertEquals(Optional.empty(), Fingerprint.parse("garbage"));
        assertEquals(Optional.empty(), Fingerprint.parse(null));
    }
}
