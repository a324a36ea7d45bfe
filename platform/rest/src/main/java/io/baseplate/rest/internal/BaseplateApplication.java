package io.baseplate.rest.internal;

import java.util.Map;

import jakarta.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * The {@code /api} application. Resources from any bundle join it by selecting
 * {@value #SELECT}, or by selecting no application at all; it has no classes of its own.
 *
 * <p>It takes the whiteboard's default application's name, so it replaces that application instead
 * of running beside it: the REST whiteboard builds (and rebuilds on every deploy) one Jersey
 * application rather than two, and a path outside {@code /api} meets the server's own 404 problem.
 */
@Component(service = Application.class)
@JakartarsApplicationBase("api")
@JakartarsName(BaseplateApplication.NAME)
public class BaseplateApplication extends Application {

    public static final String NAME = JakartarsWhiteboardConstants.JAKARTA_RS_DEFAULT_APPLICATION;
    public static final String SELECT = "(osgi.jakartars.name=" + NAME + ")";

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                // WADL generation needs JAXB and only logs errors here; nothing uses it.
                "jersey.config.server.wadl.disableWadl", true,
                // Every provider comes from the whiteboard (JSON, problems, filters). Jersey's own discovery
                // of features through META-INF/services would search every bundle on each build of the
                // application (at start and on every deploy) and add JAXB and SSE providers nothing uses.
                "jersey.config.server.disableAutoDiscovery", true,
                "jersey.config.server.disableMetainfServicesLookup", true);
    }
}
