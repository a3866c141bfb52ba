#!/usr/bin/env python3
"""Kills the real CLI (SIGKILL) while it imports and while it edits, many times over one
library, and checks after each kill that nothing it acknowledged is lost and that the file
passes SQLite's integrity check. The test suite runs ten cycles of the import case
(cli/tests/crash.rs); this is the long run whose figures RELIABILITY.md keeps.

    cargo build --release -p commonplace-cli
    python3 docs/measure/kill-imports.py --bin target/release/commonplace --cycles 100

An import acknowledges a file when `import --jsonl` has printed its line (it is printed
after the file's transaction commits). An edit (`note set`) is acknowledged when the
command has exited 0. A killed edit may or may not have committed; either is right, as
long as the note is the last acknowledged one or the killed one's.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time


def write_batch(folder, cycle, files):
    os.makedirs(folder)
    for n in range(files):
        body = f"Paragraph {n} of batch {cycle}, with words enough to take a moment. " * 60
        with open(os.path.join(folder, f"note-{n:03}.md"), "w") as f:
            f.write(f"# Batch {cycle}, note {n}\n\n{body}\n")


def killed_import(binary, library, folder, delay):
    """Starts an import of `folder`, kills it after `delay` seconds; the ids it acknowledged."""
    child = subprocess.Popen(
        [binary, "--library", library, "import", "--jsonl", folder],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    acknowledged = []

    def read():
        for line in child.stdout:
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                break  # a line cut by the kill acknowledges nothing
            if value.get("status") == "imported":
                acknowledged.extend(value["clippings"])

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(delay)
    try:
        child.send_signal(signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()
    reader.join()
    return acknowledged


def killed_edits(binary, library, clipping, delay, cycle):
    """Sets a clipping's note again and again, killing one `note set` after `delay`
    seconds; the last acknowledged note and the killed one's."""
    last, n, start = None, 0, time.monotonic()
    while True:
        text = f"Note {n} of cycle {cycle}"
        child = subprocess.Popen(
            [binary, "--library", library, "note", "set", str(clipping), text],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if time.monotonic() - start >= delay:
            time.sleep(random.uniform(0, 0.03))
            try:
                child.send_signal(signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.wait()
            return last, text
        if child.wait() == 0:
            last = text
        n += 1


def check(library, acknowledged, note):
    conn = sqlite3.connect(library)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        present = {row[0] for row in conn.execute("SELECT id FROM clipping")}
        lost = [i for i in acknowledged if i not in present]
        wrong_note = 0
        if note is not None:
            clipping, allowed = note
            (stored,) = conn.execute("SELECT note FROM clipping WHERE id = ?", (clipping,)).fetchone()
            wrong_note = 0 if stored in allowed else 1
        return integrity, lost, wrong_note
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the commonplace binary")
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--files", type=int, default=60, help="files per import")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    binary = os.path.abspath(args.bin)
    acknowledged, edits, lost_total, integrity_errors, wrong_notes = [], 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as dir:
        library = os.path.join(dir, "library.sqlite")
        for cycle in range(args.cycles):
            note = None
            if cycle % 2 == 0 or not acknowledged:
                folder = os.path.join(dir, f"batch-{cycle}")
                write_batch(folder, cycle, args.files)
                acknowledged += killed_import(binary, library, folder, random.uniform(0.005, 0.8))
            else:
                clipping = random.choice(acknowledged)
                conn = sqlite3.connect(library)
                (before,) = conn.execute("SELECT note FROM clipping WHERE id = ?", (clipping,)).fetchone()
                conn.close()
                last, killed = killed_edits(binary, library, clipping, random.uniform(0.05, 0.5), cycle)
                edits += 1
                # The last acknowledged note, or the killed one's; with none acknowledged
                # this cycle, the note from before it.
                allowed = {killed, last if last is not None else before}
                note = (clipping, allowed)
            integrity, lost, wrong = check(library, acknowledged, note)
            if integrity != "ok":
                integrity_errors += 1
                print(f"cycle {cycle}: integrity: {integrity}", file=sys.stderr)
            lost_total += len(lost)
            wrong_notes += wrong
            if lost or wrong:
                print(f"cycle {cycle}: lost {lost}, wrong note {wrong}", file=sys.stderr)
    print(
        json.dumps(
            {
                "cycles": args.cycles,
                "killedImports": args.cycles - edits,
                "killedEdits": edits,
                "acknowledgedFiles": len(acknowledged),
                "lost": lost_total,
                "wrongNotes": wrong_notes,
                "integrityErrors": integrity_errors,
            }
        )
    )
    return 1 if lost_total or wrong_notes or integrity_errors else 0


if __name__ == "__main__":
    sys.exit(main())
