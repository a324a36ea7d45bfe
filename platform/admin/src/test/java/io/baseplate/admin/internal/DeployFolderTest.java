package io.baseplate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFolderTest {

    @TempDir
    Path home;

    @Test
    void onlyVisibleJarsAreDeployed() {
        assertTrue(DeployFolder.isDeployable("gateway.jar"));
        assertTrue(DeployFolder.isDeployable("GATEWAY.JAR"));
        assertFalse(DeployFolder.isDeployable(".gateway.jar"));
        assertFalse(DeployFolder.isDeployable("gateway.jar.part"));
        assertFalse(DeployFolder.isDeployable("readme.txt"));
    }

    @Test
    void aJarsLocationLeadsBackToItsName() {
        DeployFolder folder = new DeployFolder(home.resolve("deploy"));
        String location = folder.locationOf("my gateway.jar");

        assertTrue(location.startsWith("file:"), location);
        assertEquals(Optional.of("my gateway.jar"), folder.nameOf(location));
        assertEquals(Optional.of("my gateway.jar"), new DeployFolder(home.resolve("x/../deploy")).nameOf(location));
    }

    @Test
    void bundlesFromElsewhereAreNotTheFolders() {
        DeployFolder folder = new DeployFolder(home.resolve("deploy"));

        assertEquals(Optional.empty(), folder.nameOf(home.resolve("plugins/gateway.jar").toUri().toString()));
        assertEquals(Optional.empty(), folder.nameOf(home.resolve("deploy/sub/gateway.jar").toUri().toString()));
        assertEquals(Optional.empty(), folder.nameOf("tinybundles:io.baseplate.sandbox"));
        assertEquals(Optional.empty(), folder.nameOf("System Bundle"));
        assertEquals(Optional.empty(), folder.nameOf(null));
    }
}
