package io.baseplate.events.internal;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context of the event stream, at {@value EventStreamServlet#PATH}. Needed because the
 * REST whiteboard serves {@code /api} from a context of its own at path {@code /api}, and Felix
 * tries contexts longest path first: a servlet for {@code /api/v1/events} in the default context
 * (path {@code /}) is never reached. A context at the stream's own, longer path is tried before it.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = EventStreamContext.NAME, path = EventStreamServlet.PATH)
public class EventStreamContext extends ServletContextHelper {

    static final String NAME = "baseplate-events";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    @Activate
    public EventStreamContext(ComponentContext context) {
        super(context.getUsingBundle());
    }
}
