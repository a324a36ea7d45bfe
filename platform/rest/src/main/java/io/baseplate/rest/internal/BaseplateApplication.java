package io.baseplate.rest.internal;

import java.util.Map;

import jakarta.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * The {@code /api} application. Resources from any bundle join it by selecting
 * {@value #SELECT}; it has no classes of its own.
 */
@Component(service = Application.class)
@JakartarsApplicationBase("api")
@JakartarsName(BaseplateApplication.NAME)
public class BaseplateApplication extends Application {

    public static final String NAME = "baseplate-api";
    public static final String SELECT = "(osgi.jakartars.name=" + NAME + ")";

    @Override
    public Map<String, Object> getProperties() {
        // WADL generation needs JAXB and only logs errors here; nothing uses it.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
