/**
 * Plumbing shared by the platform's bundles and compiled into each that uses it (bnd's
 * {@code -conditionalpackage}), so no bundle exports it and no plugin can depend on it.
 */
package io.baseplate.core.support;
