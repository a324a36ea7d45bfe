package io.baseplate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPropertiesTest {

    @TempDir
    Path home;

    @Test
    void defaultsPointEveryDirectoryIntoTheHome() throws Exception {
        Map<String, String> properties = LaunchProperties.load(home, Map.of());
        assertEquals("8080", properties.get(LaunchProperties.HTTP_PORT));
        assertEquals(home.resolve("config").toString(), properties.get("felix.fileinstall.dir"));
        assertEquals(home.resolve("deploy").toString(), properties.get(LaunchProperties.DEPLOY_DIR));
        assertEquals(home.resolve("data").toString(), properties.get("baseplate.data.dir"));
    }

    @Test
    void theConfigFileOverridesDefaultsAndTheEnvironmentOverridesThePort() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/baseplate.properties"), "org.osgi.service.http.port=9000\nbaseplate.features=a,b\n");

        Map<String, String> fromFile = LaunchProperties.load(home, Map.of());
        assertEquals("9000", fromFile.get(LaunchProperties.HTTP_PORT));
        assertEquals("a,b", fromFile.get("baseplate.features"));

        Map<String, String> fromEnv = LaunchProperties.load(home, Map.of("BASEPLATE_HTTP_PORT", " 9100 "));
        assertEquals("9100", fromEnv.get(LaunchProperties.HTTP_PORT));
    }

    @Test
    void aPortThatIsNotANumberStopsTheLaunch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchProperties.load(home, Map.of("BASEPLATE_HTTP_PORT", "eighty")));
        assertEquals("BASEPLATE_HTTP_PORT / org.osgi.service.http.port must be a port number, not 'eighty'", e.getMessage());
    }
}
