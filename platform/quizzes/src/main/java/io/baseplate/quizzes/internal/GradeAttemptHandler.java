package io.baseplate.quizzes.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;
import io.baseplate.api.command.CommandPolicy;
import io.baseplate.api.command.CommandType;
import io.baseplate.api.command.PermanentFailure;

/**
 * Generates a submitted attempt's result: the student's score and feedback per question, and its share of the
 * tutor's per-question report. Submitted in the transaction that submits the attempt, so no submission goes
 * ungraded after a crash; a retry of a graded attempt changes nothing. While a question's type is uninstalled,
 * the attempt fails and is retried with backoff (from seconds to an hour, about a day in all).
 */
@Component
@CommandType(QuizService.GRADE_COMMAND)
@CommandPolicy(maxAttempts = 30, baseDelayMillis = 2_000, maxDelayMillis = 3_600_000, timeoutSeconds = 120)
public class GradeAttemptHandler implements CommandHandler {

    private final QuizService quizzes;

    @Activate
    public GradeAttemptHandler(@Reference QuizService quizzes) {
        this.quizzes = quizzes;
    }

    @Override
    public String execute(Command command) throws Exception {
        String attemptId = command.payload().get(QuizService.ATTEMPT_ID);
        if (attemptId == null) {
            throw new PermanentFailure("No " + QuizService.ATTEMPT_ID + " in the command");
        }
        return quizzes.grade(command.tenantId(), attemptId) ? "graded" : "already graded";
    }
}
