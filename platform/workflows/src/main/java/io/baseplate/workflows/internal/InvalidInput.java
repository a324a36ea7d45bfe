package io.baseplate.workflows.internal;

import java.util.List;
import java.util.stream.Collectors;

import io.baseplate.api.domain.DomainException;
import io.baseplate.api.workflow.InputProblem;

/** A handler found the input invalid: a 400 whose body lists the problems per field. */
final class InvalidInput extends DomainException {

    private static final long serialVersionUID = 1L;

    private final transient List<InputProblem> problems;

    InvalidInput(List<InputProblem> problems) {
        super(Kind.INVALID, problems.stream()
                .map(problem -> problem.field().isEmpty() ? problem.message() : problem.field() + ": " + problem.message())
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    List<InputProblem> problems() {
        return problems;
    }
}
