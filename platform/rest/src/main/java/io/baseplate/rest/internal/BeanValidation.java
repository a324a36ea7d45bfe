package io.baseplate.rest.internal;

import java.lang.annotation.ElementType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Configuration;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validation;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.validation.ValidationFeature;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Bean Validation for every application: a resource parameter marked {@code @Valid} (a request body)
 * or carrying constraints is validated before the resource method runs, and a violation is answered
 * by {@link ViolationProblems} as a 400 problem.
 *
 * <p>Jersey's {@link ValidationFeature} alone would bootstrap Hibernate Validator with its defaults,
 * whose message interpolator needs a Jakarta Expression Language implementation as the validator
 * factory is built (HV000183 otherwise, and the application fails to start). So this feature also binds
 * the validation {@link Configuration} that Jersey builds its validator factory from, above Jersey's own
 * binding:
 * <ul>
 * <li>the provider is Hibernate Validator, named directly, not found through a service lookup;</li>
 * <li>messages are interpolated with {@link ParameterMessageInterpolator} ({@code {max}}, {@code {value}}
 * parameters; no EL expressions, so no EL bundle), always in English, whatever the JVM's locale;</li>
 * <li>every property is reachable: the default resolver would ask Jakarta Persistence, present in the
 * framework, whether each property of a request body is loaded, and request bodies are never
 * entities;</li>
 * <li>{@code validation.xml} and value extractors are looked up in this bundle only (it holds none).</li>
 * </ul>
 * A fresh configuration is bound for each build of an application (at start and on every deploy), so
 * a validator factory never outlives the application, nor keeps the classes of an uninstalled
 * plugin's resources in its metadata cache.
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName("bean-validation")
@JakartarsApplicationSelect(AllApplications.SELECT)
public class BeanValidation implements Feature {

    /** Above Jersey's own (unranked) binding of the validation configuration. */
    private static final int ABOVE_JERSEY_DEFAULT = 100;

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new ValidationFeature());
        context.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(configuration()).to(Configuration.class).ranked(ABOVE_JERSEY_DEFAULT);
            }
        });
        return true;
    }

    /** The configuration described in the class comment; also what unit tests validate with. */
    static HibernateValidatorConfiguration configuration() {
        return Validation.byProvider(HibernateValidator.class)
                .providerResolver(() -> List.of(new HibernateValidator()))
                .configure()
                .externalClassLoader(BeanValidation.class.getClassLoader())
                .messageInterpolator(new ParameterMessageInterpolator(Set.of(Locale.ENGLISH), Locale.ENGLISH,
                        context -> Locale.ENGLISH, false))
                .traversableResolver(new EveryPropertyReachable());
    }

    private static final class EveryPropertyReachable implements TraversableResolver {

        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                   ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                                    ElementType elementType) {
            return true;
        }
    }
}
