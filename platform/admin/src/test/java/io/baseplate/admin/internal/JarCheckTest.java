package io.baseplate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCheckTest {

    @TempDir
    Path dir;

    @Test
    void aCompleteJarPasses() throws IOException {
        assertEquals(Optional.empty(), JarCheck.problem(jar(dir.resolve("ok.jar"))));
    }

    @Test
    void aJarCutAnywhereShortIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(jar(dir.resolve("whole.jar")));
        for (int length : new int[] {0, 1, 30, whole.length / 2, whole.length - 22, whole.length - 1}) {
            Path cut = Files.write(dir.resolve("cut-" + length + ".jar"), Arrays.copyOf(whole, length));
            Optional<String> problem = JarCheck.problem(cut);
            assertTrue(problem.isPresent(), "a jar cut at " + length + " of " + whole.length + " bytes passed");
        }
    }

    @Test
    void somethingElseIsRefusedWithAReason() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a jar", StandardCharsets.UTF_8);
        assertTrue(JarCheck.problem(text).orElseThrow().startsWith("it is not a complete zip"));
        assertTrue(JarCheck.problem(dir.resolve("missing.jar")).isPresent());
    }

    /** A bundle-like jar with a manifest and some incompressible content, so it is several blocks long. */
    static Path jar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "test.bundle");
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("data.bin"));
            jar.write(noise);
            jar.closeEntry();
        }
        return file;
    }
}
