package io.baseplate.api.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@value CommandHandler#COMMAND_TYPE} service property of a handler component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CommandType {

    /** Makes the property name {@value CommandHandler#COMMAND_TYPE}. */
    String PREFIX_ = "baseplate.";

    /** The command type, e.g. {@code SendReceipt}. */
    String value();
}
