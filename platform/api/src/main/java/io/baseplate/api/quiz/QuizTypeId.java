package io.baseplate.api.quiz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Sets the {@value QuizType#TYPE_ID} service property of a quiz type component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface QuizTypeId {

    /** Makes the property name {@value QuizType#TYPE_ID}. */
    String PREFIX_ = "baseplate.";

    /** The type id, e.g. {@code multiple-choice}. */
    String value();
}
