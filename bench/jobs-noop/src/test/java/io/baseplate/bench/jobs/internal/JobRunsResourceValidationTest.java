package io.baseplate.bench.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.baseplate.api.rest.Problem;
import io.baseplate.api.rest.ProblemException;

class JobRunsResourceValidationTest {

    private static String rejected(JobRunsResource.RunRequest request) {
        ProblemException problem = assertThrows(ProblemException.class, () -> JobRunsResource.validate(request));
        assertEquals(400, problem.getResponse().getStatus());
        assertEquals(Problem.MEDIA_TYPE, problem.getResponse().getMediaType().toString());
        return ((Problem) problem.getResponse().getEntity()).detail();
    }

    @Test
    void aBurstDefaultsToFourSubmitters() {
        assertEquals(new JobRunsResource.RunPlan(JobRun.Mode.BURST, 100, 4, 0),
                JobRunsResource.validate(new JobRunsResource.RunRequest("burst", 100, null, null)));
        assertEquals(new JobRunsResource.RunPlan(JobRun.Mode.BURST, 1, 64, 0),
                JobRunsResource.validate(new JobRunsResource.RunRequest("BURST", 1, 64, null)));
    }

    @Test
    void aSteadyRunSubmitsFromOneThreadAtItsRate() {
        assertEquals(new JobRunsResource.RunPlan(JobRun.Mode.STEADY, 50, 1, 25.5),
                JobRunsResource.validate(new JobRunsResource.RunRequest("steady", 50, null, 25.5)));
    }

    @Test
    void aBatchRunSubmitsFromOneThread() {
        assertEquals(new JobRunsResource.RunPlan(JobRun.Mode.BATCH, 20_000, 1, 0),
                JobRunsResource.validate(new JobRunsResource.RunRequest("batch", 20_000, null, null)));
    }

    @Test
    void badRequestsAreProblemsListingEveryMistake() {
        assertTrue(rejected(null).contains("JSON body"));
        String detail = rejected(new JobRunsResource.RunRequest(null, null, null, null));
        assertTrue(detail.contains("'mode' is required") && detail.contains("'jobs' is required"), detail);
        assertTrue(rejected(new JobRunsResource.RunRequest("fast", 10, null, null)).contains("'burst', 'steady' or 'batch'"));
        assertTrue(rejected(new JobRunsResource.RunRequest("batch", 10, 2, null)).contains("a batch run submits from one thread"));
        assertTrue(rejected(new JobRunsResource.RunRequest("burst", 0, null, null)).contains("'jobs' must be from 1"));
        assertTrue(rejected(new JobRunsResource.RunRequest("burst", 100_001, null, null)).contains("'jobs' must be"));
        assertTrue(rejected(new JobRunsResource.RunRequest("burst", 10, 65, null)).contains("'submitters' must be"));
        assertTrue(rejected(new JobRunsResource.RunRequest("burst", 10, null, 5.0)).contains("steady runs only"));
        assertTrue(rejected(new JobRunsResource.RunRequest("steady", 10, null, null)).contains("'rate'"));
        assertTrue(rejected(new JobRunsResource.RunRequest("steady", 10, null, 0.0)).contains("above 0"));
        assertTrue(rejected(new JobRunsResource.RunRequest("steady", 10, null, Double.NaN)).contains("above 0"));
        assertTrue(rejected(new JobRunsResource.RunRequest("steady", 10, 2, 5.0)).contains("burst runs only"));
    }
}
