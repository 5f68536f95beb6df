#!/usr/bin/env python3
"""Prints the wgmesh step commands of a CI file, one a line, in order:

    ci_steps.py FILE

A GitHub Actions workflow: every `run:` of every job's steps; a GitLab CI file:
every line of every job's `script:`. Only commands that run examples/ci/steps/
are printed (installing tools is the CI image's business). So a test that
runs these lines runs exactly what the CI file runs.
"""
import sys

import yaml


def commands(doc):
    if "jobs" in doc:  # GitHub Actions
        for job in doc["jobs"].values():
            for step in job.get("steps", []):
                yield from str(step.get("run", "")).splitlines()
    else:  # GitLab CI: every mapping with a script
        for job in doc.values():
            if isinstance(job, dict):
                script = job.get("script", [])
                yield from (script if isinstance(script, list) else [script])


def main():
    with open(sys.argv[1]) as f:
        doc = yaml.safe_load(f)
    for line in commands(doc):
        if "examples/ci/steps/" in line:
            print(line.strip())


if __name__ == "__main__":
    main()
