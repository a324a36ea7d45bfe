package io.baseplate.workflows.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import io.baseplate.api.rest.ItemList;
import io.baseplate.core.support.ApiResource;

/** The workflow types installed right now, with their states and transitions; every tenant sees the same list. */
@Component(service = WorkflowTypesResource.class)
@JakartarsResource
@JakartarsName("workflow-types")
@JakartarsApplicationSelect(ApiResource.APPLICATION)
@Path("v1/workflow-types")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowTypesResource {

    private final WorkflowHandlerRegistry registry;

    @Activate
    public WorkflowTypesResource(@Reference WorkflowHandlerRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ItemList<WorkflowHandlerRegistry.WorkflowTypeInfo> list() {
        return new ItemList<>(registry.list());
    }
}
