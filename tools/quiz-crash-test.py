#!/usr/bin/env python3
"""Quiz grading through kill -9: every acknowledged submit is graded, exactly once.

Starts the distribution (embedded H2) with the four quiz type plugins in deploy/, builds a quiz, and has
student clients start attempts, answer every question rightly and submit, while the platform is killed with
SIGKILL mid-load (once a random 1/6 to 1/2 of the cycle's attempts has been acknowledged). After each restart it waits for the grading commands and checks:
  - every submit that was acknowledged (202) is GRADED, with full marks;
  - no attempt of the quiz is left SUBMITTED (an unacknowledged submit may have committed: it is graded too);
  - the tutor's report counts each graded attempt once: every question's 'graded' equals the number of
    GRADED attempts, and so does 'fullCredit'.
Exits 1 on any violation.
"""
import argparse
import importlib.util
import json
import os
import random
import shutil
import signal
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)
Platform, request = crash_test.Platform, crash_test.request

DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
ADMIN_KEY = "quiz-crash-test-admin-key-" + uuid.uuid4().hex
TYPE_JARS = ("quiz-multiple-choice", "quiz-true-false", "quiz-short-answer", "quiz-numeric")
# Each type's question and the response that earns full marks.
QUESTIONS = [
    ({"type": "multiple-choice", "prompt": "Which is a noble gas?", "marks": 2, "body": {"options": [
        {"id": "a", "text": "Argon", "correct": True}, {"id": "b", "text": "Oxygen"}], "shuffle": True}}, "a"),
    ({"type": "true-false", "prompt": "Water boils at 100 C at sea level.", "body": {"answer": True}}, True),
    ({"type": "short-answer", "prompt": "The lightest element?", "marks": 3, "body": {"answers": ["Hydrogen"]}}, "hydrogen"),
    ({"type": "numeric", "prompt": "g in m/s2?", "marks": 4, "body": {"answer": 9.81, "tolerance": 0.05}}, "9.8"),
]
MAX_SCORE = 10
# The newest 200 attempts are listed: each cycle's quiz stays below that.
MAX_ATTEMPTS_PER_CYCLE = 180


def call(port, method, path, key, body=None, timeout=30):
    status, _, text = request(port, method, path, body, {"X-Api-Key": key}, timeout=timeout)
    return status, text


def created(port, path, key, body):
    status, text = call(port, "POST", path, key, body)
    if status != 201:
        raise SystemExit(f"POST {path}: {status} {text[:300]}")
    return json.loads(text)


def user_key(port, admin, role):
    user = created(port, "/api/v1/users", admin, {"name": f"{role.lower()}-{uuid.uuid4().hex}", "roles": [role]})
    return created(port, "/api/v1/keys", admin, {"name": "crash", "roles": [role], "userId": user["id"]})["key"]


class Student(threading.Thread):
    """Takes attempts until stopped; records the ids whose submit was acknowledged."""

    def __init__(self, port, key, quiz, budget, stop):
        super().__init__(daemon=True)
        self.port, self.key, self.quiz, self.budget, self.stop = port, key, quiz, budget, stop
        self.acknowledged = []

    def run(self):
        while not self.stop.is_set():
            try:
                if not self.budget.acquire(blocking=False):
                    return
                status, text = call(self.port, "POST", f"/api/v1/quizzes/{self.quiz}/attempts", self.key)
                if status != 201:
                    continue
                attempt = json.loads(text)
                answers = {}
                for question in attempt["questions"]:
                    answers[question["id"]] = next(right for q, right in QUESTIONS if q["type"] == question["type"])
                status, _ = call(self.port, "PUT", f"/api/v1/quiz-attempts/{attempt['id']}/answers", self.key, answers)
                if status != 200:
                    continue
                status, _ = call(self.port, "POST", f"/api/v1/quiz-attempts/{attempt['id']}/submit", self.key)
                if status == 202:
                    self.acknowledged.append(attempt["id"])
            except OSError:
                # The platform is being killed: connection refused or reset.
                time.sleep(0.05)


def verify(port, tutor, quiz, acknowledged, violations, cycle):
    deadline = time.time() + 120
    while True:
        status, text = call(port, "GET", f"/api/v1/quiz-attempts?quizId={quiz}", tutor)
        attempts = json.loads(text)["items"] if status == 200 else []
        pending = [a for a in attempts if a["status"] == "SUBMITTED"]
        if status == 200 and not pending:
            break
        if time.time() > deadline:
            violations.append(f"cycle {cycle}: {len(pending)} attempts still SUBMITTED 120 s after the restart")
            break
        time.sleep(0.5)
    by_id = {a["id"]: a for a in attempts}
    for attempt_id in acknowledged:
        attempt = by_id.get(attempt_id)
        if attempt is None or attempt["status"] != "GRADED":
            violations.append(f"cycle {cycle}: acknowledged attempt {attempt_id} is "
                              f"{'missing' if attempt is None else attempt['status']}")
        elif attempt["score"] != MAX_SCORE:
            violations.append(f"cycle {cycle}: attempt {attempt_id} scored {attempt['score']}, not {MAX_SCORE}")
    graded = sum(1 for a in attempts if a["status"] == "GRADED")
    report = json.loads(call(port, "GET", f"/api/v1/quizzes/{quiz}/report", tutor)[1])
    for question in report["questions"]:
        if question["graded"] != graded or question["fullCredit"] != graded:
            violations.append(f"cycle {cycle}: question {question['position']} counts graded={question['graded']}, "
                              f"fullCredit={question['fullCredit']}; {graded} attempts are GRADED")
    return graded


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=DIST)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--port", type=int, default=18590)
    parser.add_argument("--logs", default=os.path.join(ROOT, "target", "quiz-crash-test"))
    args = parser.parse_args()
    if not os.path.isdir(args.dist):
        raise SystemExit(f"no distribution at {args.dist}: run mvn -B -q install -DskipTests first")
    shutil.rmtree(args.logs, ignore_errors=True)
    os.makedirs(args.logs)
    platform = Platform(args.dist, args.port, ADMIN_KEY, os.path.join(args.logs, "platform.log"))
    deploy = os.path.join(platform.home, "deploy")
    os.makedirs(deploy, exist_ok=True)
    for jar in os.listdir(os.path.join(args.dist, "plugins")):
        if jar.startswith(TYPE_JARS):
            shutil.copy(os.path.join(args.dist, "plugins", jar), deploy)
    violations = []
    try:
        platform.start()
        tenant = created(args.port, "/api/v1/tenants", ADMIN_KEY, {"name": "quiz-crash-" + uuid.uuid4().hex[:6]})["id"]
        admin = created(args.port, f"/api/v1/tenants/{tenant}/keys", ADMIN_KEY, None)["key"]
        tutor = user_key(args.port, admin, "TUTOR")
        students = [user_key(args.port, admin, "STUDENT") for _ in range(args.students)]
        deadline = time.time() + 60
        while len(json.loads(call(args.port, "GET", "/api/v1/quiz-types", tutor)[1])["items"]) < len(TYPE_JARS):
            if time.time() > deadline:
                raise SystemExit("the quiz types were not installed within 60 s")
            time.sleep(0.2)
        for cycle in range(1, args.cycles + 1):
            quiz = created(args.port, "/api/v1/quizzes", tutor,
                           {"title": f"crash {cycle}", "questions": [q for q, _ in QUESTIONS]})["id"]
            stop, budget = threading.Event(), threading.Semaphore(MAX_ATTEMPTS_PER_CYCLE)
            clients = [Student(args.port, key, quiz, budget, stop) for key in students]
            for client in clients:
                client.start()
            # Kill mid-load: once a random share of the cycle's attempts has been acknowledged, while the
            # students are still starting, answering and submitting, and gradings are running.
            kill_after = random.randint(MAX_ATTEMPTS_PER_CYCLE // 6, MAX_ATTEMPTS_PER_CYCLE // 2)
            deadline = time.time() + 30
            while sum(len(client.acknowledged) for client in clients) < kill_after and time.time() < deadline:
                time.sleep(0.02)
            platform.signal(signal.SIGKILL)
            platform.wait_exit(30)
            stop.set()
            for client in clients:
                client.join(30)
            acknowledged = [a for client in clients for a in client.acknowledged]
            platform.start()
            graded = verify(args.port, tutor, quiz, acknowledged, violations, cycle)
            print(f"cycle {cycle}: killed with {len(acknowledged)} submits acknowledged; after the restart "
                  f"{graded} attempts GRADED, each counted once in the report")
            if len(acknowledged) == 0:
                violations.append(f"cycle {cycle}: no submit was acknowledged before the kill; the test proved nothing")
    finally:
        platform.cleanup(keep=bool(violations))
    if violations:
        print("FAIL:\n  " + "\n  ".join(violations))
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
