/** Quizzes, their questions, students' attempts and the tutors' reports: this bundle's own persistence unit. */
@Header(name = Persistence.HEADER, value = "entities=\"io.baseplate.quizzes.internal\"; migrations=db/migration")
package io.baseplate.quizzes.internal;

import org.osgi.annotation.bundle.Header;

import io.baseplate.api.persistence.Persistence;
