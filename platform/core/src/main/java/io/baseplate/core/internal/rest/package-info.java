/** REST resources of the core domain, registered on the Jakarta REST whiteboard under the {@code api} application. */
package io.baseplate.core.internal.rest;
