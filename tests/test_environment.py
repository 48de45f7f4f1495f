"""requirements.txt and environment.yml pin the same packages at the same versions."""

from __future__ import annotations

import re

from kimxi import paths


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> dict[str, str]:
    pins = {}
    for line in (paths.ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[_norm(name)] = version
    return pins


def _environment() -> dict[str, str]:
    pins = {}
    for line in (paths.ROOT / "environment.yml").read_text().splitlines():
        match = re.fullmatch(r"\s*-\s*([A-Za-z0-9_.-]+)\s*(==?)\s*([\w.]+)\s*", line)
        if match and _norm(match.group(1)) != "python":
            pins[_norm(match.group(1))] = match.group(3)
    return pins


def test_every_requirement_is_pinned_exactly():
    for line in (paths.ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line), line


def test_environment_yml_agrees_with_requirements():
    assert _environment() == _requirements()


def test_environment_yml_is_python_311_from_conda_forge():
    text = (paths.ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M)
    assert "conda-forge" in text and "defaults" not in text
