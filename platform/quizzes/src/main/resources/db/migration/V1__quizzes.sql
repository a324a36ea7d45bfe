-- Issue 11: quizzes built by tutors from questions of the installed quiz types, attempts by students,
-- and the per-question statistics the grading command keeps for the tutor's report.

CREATE TABLE QUIZZES (
    ID             VARCHAR(36)  PRIMARY KEY,
    TENANT_ID      VARCHAR(36)  NOT NULL,
    TITLE          VARCHAR(200) NOT NULL,
    CREATED_BY     VARCHAR(36),
    QUESTION_COUNT INTEGER      NOT NULL,
    MAX_SCORE      INTEGER      NOT NULL,
    CREATED_AT     TIMESTAMP    NOT NULL
);
CREATE INDEX IX_QUIZZES_TENANT_CREATED ON QUIZZES (TENANT_ID, CREATED_AT);

-- BODY is the type's own part of the definition, as JSON; it holds the answer key, so only tutor
-- views ever read it out.
CREATE TABLE QUIZ_QUESTIONS (
    ID        VARCHAR(36)     PRIMARY KEY,
    TENANT_ID VARCHAR(36)     NOT NULL,
    QUIZ_ID   VARCHAR(36)     NOT NULL,
    POSITION  INTEGER         NOT NULL,
    TYPE_ID   VARCHAR(100)    NOT NULL,
    PROMPT    VARCHAR(10000)  NOT NULL,
    MARKS     INTEGER         NOT NULL,
    BODY      VARCHAR(1000000) NOT NULL,
    CONSTRAINT UQ_QUIZ_QUESTIONS UNIQUE (TENANT_ID, QUIZ_ID, POSITION)
);

-- One student's attempt. RENDERED is what the student was shown (rendered for the student with SEED when the
-- attempt started), so the attempt reads the same even while a type is uninstalled. OUTCOME is the
-- graded result per question. VERSION makes saving answers, submitting and grading compare-and-set.
CREATE TABLE QUIZ_ATTEMPTS (
    ID           VARCHAR(36)      PRIMARY KEY,
    TENANT_ID    VARCHAR(36)      NOT NULL,
    QUIZ_ID      VARCHAR(36)      NOT NULL,
    STUDENT_ID   VARCHAR(36)      NOT NULL,
    SEED         BIGINT           NOT NULL,
    STATUS       VARCHAR(20)      NOT NULL,
    RENDERED     VARCHAR(1000000) NOT NULL,
    ANSWERS      VARCHAR(1000000) NOT NULL,
    OUTCOME      VARCHAR(1000000),
    SCORE        DOUBLE PRECISION,
    MAX_SCORE    INTEGER          NOT NULL,
    STARTED_AT   TIMESTAMP        NOT NULL,
    SUBMITTED_AT TIMESTAMP,
    GRADED_AT    TIMESTAMP,
    VERSION      BIGINT           NOT NULL
);
CREATE INDEX IX_QUIZ_ATTEMPTS_STUDENT ON QUIZ_ATTEMPTS (TENANT_ID, STUDENT_ID, STARTED_AT);
CREATE INDEX IX_QUIZ_ATTEMPTS_QUIZ ON QUIZ_ATTEMPTS (TENANT_ID, QUIZ_ID, STARTED_AT);

-- The tutor's report, one row per question, added to by each grading in its own transaction.
CREATE TABLE QUIZ_QUESTION_STATS (
    QUESTION_ID    VARCHAR(36)      PRIMARY KEY,
    TENANT_ID      VARCHAR(36)      NOT NULL,
    QUIZ_ID        VARCHAR(36)      NOT NULL,
    GRADED         INTEGER          NOT NULL,
    ANSWERED       INTEGER          NOT NULL,
    FULL_CREDIT    INTEGER          NOT NULL,
    NO_CREDIT      INTEGER          NOT NULL,
    FRACTION_SUM   DOUBLE PRECISION NOT NULL
);
