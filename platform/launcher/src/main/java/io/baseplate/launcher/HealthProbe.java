package io.baseplate.launcher;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/** Polls the platform's own {@code /health} endpoint until it answers 200. */
final class HealthProbe {

    private HealthProbe() {
    }

    static boolean awaitHealthy(int port, long timeoutMillis) throws InterruptedException {
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
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
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
}
