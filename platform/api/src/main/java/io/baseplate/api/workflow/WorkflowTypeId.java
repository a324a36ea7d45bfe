package io.baseplate.api.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@value WorkflowHandler#TYPE_ID} service property of a workflow handler component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WorkflowTypeId {

    /** Makes the property name {@value WorkflowHandler#TYPE_ID}. */
    String PREFIX_ = "baseplate.";

    /** The workflow type id, e.g. {@code appointment}; the same as {@link WorkflowDefinition#type()}. */
    String value();
}
