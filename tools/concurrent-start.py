#!/usr/bin/env python3
"""Concurrent start: two platform processes started at the same moment against one empty PostgreSQL
database both come up, and every migration is applied once, by one of them.

1. Creates an empty database baseplate_concurrent_<random> (psql, as --user, default postgres).
2. Makes two private copies of the distribution (like tools/crash-test.py), each with
   config/io.baseplate.database.cfg naming that database (url=jdbc:postgresql://..., user=postgres).
3. Starts both at the same moment, on two ports, and requires both to answer GET /health 200 within
   --timeout seconds (90 by default).
4. Checks, once both are up:
   - the migration history, table BASEPLATE_MIGRATIONS (UNIT, VERSION, SCRIPT, CHECKSUM, APPLIED_AT;
     primary key UNIT, VERSION), has rows, and no (UNIT, VERSION) twice;
   - the log lines "Applied migration <script> to <unit> in <n> ms" of both processes together
     number exactly the history's rows, and no (script, unit) is among them twice: each migration
     was applied once, by one node, under the database-wide lock;
   - neither log has an ERROR (or java.util.logging SEVERE) line.
5. Always stops both processes (SIGTERM, then SIGKILL after 60 s) and drops the database.

Prints each check and a verdict; exits 0 when all hold, 1 otherwise (the copies and logs are then
kept for inspection unless --no-keep). Needs Python 3 (standard library only), psql, a PostgreSQL
that --user may create databases in (this machine's: 127.0.0.1:5432, user postgres, trust auth), and
a built distribution that ships the PostgreSQL JDBC driver.
"""
import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

APPLIED = re.compile(r"Applied migration (.+?) to (.+?) in (\d+) ms")
# slf4j-simple: "<time> [<thread>] ERROR <logger> - ..."; java.util.logging: "<time> [<logger>] SEVERE ..."
ERROR_LINE = re.compile(r"\] (ERROR|SEVERE) ")
HISTORY_TABLE = "baseplate_migrations"


class Database:
    """One PostgreSQL database, created and dropped with psql."""

    def __init__(self, host, port, user, name):
        self.host, self.port, self.user, self.name = host, port, user, name

    @property
    def jdbc_url(self):
        return f"jdbc:postgresql://{self.host}:{self.port}/{self.name}"

    def psql(self, sql, database=None):
        """Runs one SQL statement; returns its rows as lists of strings (unaligned, tab-separated)."""
        result = subprocess.run(
            ["psql", "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", database or self.name,
             "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed ({result.returncode}) on {sql!r}: {result.stderr.strip()}")
        return [line.split("\t") for line in result.stdout.splitlines() if line.strip()]

    def create(self):
        self.psql(f'CREATE DATABASE "{self.name}"', database="postgres")

    def drop(self):
        self.psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', database="postgres")


class Node:
    """A private copy of the distribution configured for the database, run on its own port."""

    def __init__(self, name, dist, port, database):
        self.name, self.port = name, port
        self.home = tempfile.mkdtemp(prefix=f"baseplate-concurrent-{name}-")
        shutil.copytree(dist, self.home, dirs_exist_ok=True)
        for folder in ("data", "logs", "deploy"):
            shutil.rmtree(os.path.join(self.home, folder), ignore_errors=True)
        with open(os.path.join(self.home, "config", "io.baseplate.database.cfg"), "w") as cfg:
            cfg.write(f"url={database.jdbc_url}\nuser={database.user}\npassword=\n")
        self.log_path = os.path.join(self.home, "node.log")
        self.admin_key = "bpa_concurrent_" + uuid.uuid4().hex
        self.process = None
        self.healthy_after = None

    def start(self):
        env = dict(os.environ, BASEPLATE_HTTP_PORT=str(self.port), BASEPLATE_ADMIN_KEY=self.admin_key)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([os.path.join(self.home, "bin", "baseplate")], env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def health(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/health")
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        # bin/baseplate execs java: the child is the JVM, whose shutdown hook stops the framework.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self):
        try:
            with open(self.log_path, errors="replace") as file:
                return file.read().splitlines()
        except FileNotFoundError:
            return []


def wait_until_healthy(nodes, started, timeout):
    """Polls every node's /health until each answered 200 once; returns the problems."""
    problems = []
    pending = list(nodes)
    while pending:
        for node in list(pending):
            if node.process.poll() is not None:
                problems.append(f"{node.name} exited with {node.process.returncode} before answering /health 200")
                pending.remove(node)
            elif node.health() == 200:
                node.healthy_after = time.monotonic() - started
                pending.remove(node)
        if pending and time.monotonic() - started > timeout:
            problems.extend(f"{node.name} did not answer GET /health 200 within {timeout:.0f} s" for node in pending)
            break
        time.sleep(0.2)
    return problems


def history_table(database):
    """The history table's schema-qualified, quoted name as it was created (any case), or None."""
    rows = database.psql("SELECT table_schema, table_name FROM information_schema.tables "
                         f"WHERE lower(table_name) = '{HISTORY_TABLE}' ORDER BY table_schema")
    if not rows:
        return None
    schema, table = rows[0]
    return f'"{schema}"."{table}"'


def column(database, table_name, wanted):
    """The actual name of column {wanted} (any case) of the history table, quoted."""
    table = table_name.split(".")[-1].strip('"')
    rows = database.psql("SELECT column_name FROM information_schema.columns "
                         f"WHERE table_name = '{table}' AND lower(column_name) = '{wanted}'")
    if not rows:
        raise RuntimeError(f"the history table {table_name} has no column {wanted.upper()}")
    return f'"{rows[0][0]}"'


def check(database, nodes):
    """The checks of step 4; returns the problems."""
    problems = []
    history = []
    table = history_table(database)
    if table is None:
        problems.append(f"no table BASEPLATE_MIGRATIONS in {database.name}: no migration history was written")
    else:
        unit, version, script = (column(database, table, name) for name in ("unit", "version", "script"))
        history = database.psql(f"SELECT {unit}, {version}, {script} FROM {table} ORDER BY 1, 2")
        print(f"migration history {table}: {len(history)} row(s)")
        for row in history:
            print("  " + "  ".join(row))
        if not history:
            problems.append("the migration history has no rows")
        duplicates = database.psql(f"SELECT {unit}, {version}, count(*) FROM {table} GROUP BY 1, 2 HAVING count(*) > 1")
        problems.extend(f"unit {row[0]} version {row[1]} is recorded {row[2]} times" for row in duplicates)

    applied = []
    for node in nodes:
        lines = node.log()
        mine = [(match.group(1), match.group(2), node.name) for match in map(APPLIED.search, lines) if match]
        errors = [line for line in lines if ERROR_LINE.search(line)]
        healthy = "never healthy" if node.healthy_after is None else f"healthy after {node.healthy_after:.1f} s"
        print(f"{node.name}: {healthy}, {len(mine)} 'Applied migration' line(s), "
              f"{len(errors)} ERROR line(s); log {node.log_path}")
        applied.extend(mine)
        for line in errors[:10]:
            problems.append(f"{node.name} logged: {line.strip()[:300]}")
        if len(errors) > 10:
            problems.append(f"{node.name} logged {len(errors) - 10} more ERROR line(s)")
    if len(applied) != len(history):
        problems.append(f"{len(applied)} 'Applied migration' log line(s) across both nodes, but {len(history)} "
                        "history row(s): each migration must be applied once, by one node")
    seen = {}
    for script_name, unit_name, node in applied:
        key = (script_name, unit_name)
        if key in seen:
            problems.append(f"{script_name} was applied to {unit_name} twice: by {seen[key]} and by {node}")
        seen[key] = node
    by_node = {node.name: sum(1 for entry in applied if entry[2] == node.name) for node in nodes}
    print("migrations applied per node: " + ", ".join(f"{name} {count}" for name, count in by_node.items()))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--dist", default=os.path.join(here, "..", "distribution", "target", "baseplate-0.1.0-SNAPSHOT"))
    parser.add_argument("--host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--pg-port", type=int, default=5432, help="PostgreSQL port")
    parser.add_argument("--user", default="postgres", help="PostgreSQL user, for psql and for both nodes")
    parser.add_argument("--ports", type=int, nargs=2, default=[18661, 18662], help="the two nodes' HTTP ports")
    parser.add_argument("--timeout", type=float, default=90, help="seconds for both nodes to answer /health 200")
    parser.add_argument("--no-keep", action="store_true", help="delete the copies and logs also on failure")
    args = parser.parse_args()
    dist = os.path.abspath(args.dist)
    if not os.path.isdir(os.path.join(dist, "system")):
        raise SystemExit(f"no distribution at {dist}: build it first (mvn -B -q package -DskipTests)")
    if shutil.which("psql") is None:
        raise SystemExit("psql is not on the PATH")

    database = Database(args.host, args.pg_port, args.user, "baseplate_concurrent_" + uuid.uuid4().hex[:12])
    nodes = []
    problems = []
    try:
        database.create()
        print(f"empty database {database.jdbc_url}")
        nodes = [Node(f"node{n + 1}", dist, port, database) for n, port in enumerate(args.ports)]
        # Both are launched by threads released together; the JVMs then race through start-up.
        barrier = threading.Barrier(len(nodes))

        def launch(node):
            barrier.wait()
            node.start()

        launchers = [threading.Thread(target=launch, args=(node,)) for node in nodes]
        started = time.monotonic()
        for launcher in launchers:
            launcher.start()
        for launcher in launchers:
            launcher.join()
        print(f"started {', '.join(f'{node.name} on port {node.port}' for node in nodes)}")
        problems.extend(wait_until_healthy(nodes, started, args.timeout))
        problems.extend(check(database, nodes))
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        problems.append(f"{type(error).__name__}: {error}")
    finally:
        for node in nodes:
            node.stop()
        try:
            database.drop()
            print(f"dropped database {database.name}")
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            problems.append(f"could not drop database {database.name}: {error}")
        for node in nodes:
            if problems and not args.no_keep:
                print(f"kept {node.home} for inspection (log {node.log_path})")
            else:
                shutil.rmtree(node.home, ignore_errors=True)

    if problems:
        print(f"FAIL: concurrent start, {len(problems)} problem(s):")
        for problem in problems:
            print("  " + problem)
        sys.exit(1)
    print("PASS: both nodes came up on one empty PostgreSQL database, every migration was applied once "
          "by one node, and neither logged an ERROR")


if __name__ == "__main__":
    main()
