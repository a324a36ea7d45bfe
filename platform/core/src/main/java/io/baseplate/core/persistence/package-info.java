/**
 * How the host builds a bundle's persistence unit and unit of work: used by the persistence
 * extender, and by unit tests to get the same units without OSGi. Compiled into what uses it.
 */
package io.baseplate.core.persistence;
