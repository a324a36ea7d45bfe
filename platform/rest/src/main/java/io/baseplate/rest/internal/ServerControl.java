package io.baseplate.rest.internal;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform sets on the HTTP server beyond Felix's configuration properties: problem bodies
 * for the server's own errors, a cap on open connections, and closing the listeners at stop.
 *
 * <p>Felix's {@link ConnectorFactory} hook is the one place Felix hands out its Jetty {@link Server};
 * the connector returned is an in-memory {@link LocalConnector} that never listens, as the hook must
 * return one.
 */
@Component(service = {ConnectorFactory.class, ServerControl.class}, configurationPid = ServerControl.PID)
@Designate(ocd = ServerControl.Config.class)
public class ServerControl implements ConnectorFactory {

    public static final String PID = "io.baseplate.http.server";
    private static final Logger LOG = LoggerFactory.getLogger(ServerControl.class);

    @ObjectClassDefinition(name = "Baseplate HTTP server")
    public @interface Config {

        @AttributeDefinition(name = "Maximum connections",
                description = "Open connections beyond this wait in the accept queue", min = "1")
        int maxConnections() default 1000;
    }

    private final int maxConnections;
    private volatile Server server;
    private NetworkConnectionLimit connectionLimit;

    @Activate
    public ServerControl(Config config) {
        this.maxConnections = config.maxConnections();
    }

    @Override
    public synchronized Connector createConnector(Server jetty) {
        this.server = jetty;
        jetty.setErrorHandler(new ServerErrorProblems());
        connectionLimit = new NetworkConnectionLimit(maxConnections, jetty);
        jetty.addBean(connectionLimit, true);
        return new LocalConnector(jetty);
    }

    /** Closes the listening sockets and open connections: the last step of a graceful stop. */
    public void stopAccepting() {
        Server jetty = server;
        if (jetty == null) {
            return;
        }
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof NetworkConnector) {
                try {
                    connector.stop();
                } catch (Exception e) {
                    LOG.warn("Could not stop the HTTP connector {}: {}", connector, e.toString());
                }
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        Server jetty = server;
        if (jetty != null) {
            // Leaves no class of this bundle inside the server once it is gone.
            jetty.removeBean(connectionLimit);
            jetty.setErrorHandler(new ErrorHandler());
        }
    }
}
