"""binder/ read the way repo2docker (Binder) reads it, since Binder itself cannot be reached.

What repo2docker does, from its source (jupyterhub/repo2docker, repo2docker/buildpacks):

- ``base.py``: a ``binder/`` (or ``.binder/``) folder, when present, is where every
  configuration file is looked for (``binder_path``); files at the root are then ignored.
- ``app.py``: the buildpacks are tried in order (Docker, Julia, Nix, R, Conda, Pipfile,
  Python) and the first whose ``detect()`` finds its file builds the image. Conda's file is
  ``environment.yml``; Python's are ``runtime.txt`` naming python, or ``requirements.txt``.
- ``python/__init__.py``: ``runtime.txt`` ``python-X.Y`` sets the Python version;
  ``${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"`` runs
  from the repository root, after the whole repository is copied when the file holds a local
  reference such as ``-r`` (``utils.is_local_pip_requirement``), before it otherwise.
- ``base.py``: ``postBuild`` is made executable and run as ``./binder/postBuild`` from the
  repository root, as the notebook user, after the requirements.
- pip reads a nested ``-r`` relative to the file that names it (``req_file.py``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kimxi.io import paths

ROOT = paths.ROOT

# (buildpack, the files its detect() looks for), in repo2docker's order. The R buildpack
# also detects a DESCRIPTION file, and the Python one setup.py or a pyproject.toml package,
# but only when there is no binder folder.
BUILDPACKS = [
    ("docker", ["Dockerfile"]),
    ("julia", ["Project.toml", "JuliaProject.toml", "REQUIRE"]),
    ("nix", ["default.nix"]),
    ("r", []),
    ("conda", ["environment.yml", "environment.yaml"]),
    ("pipfile", ["Pipfile", "Pipfile.lock"]),
    ("python", ["requirements.txt"]),
]
SUPPORTED_PYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")


def binder_dir(root: Path) -> str:
    """repo2docker's BuildPack.binder_dir."""
    has_binder, has_dotbinder = (root / "binder").is_dir(), (root / ".binder").is_dir()
    assert not (has_binder and has_dotbinder), "both binder/ and .binder/: repo2docker refuses"
    return ".binder" if has_dotbinder else "binder" if has_binder else ""


def runtime(root: Path) -> tuple[str | None, str | None]:
    """repo2docker's BuildPack.runtime: (name, version) from runtime.txt."""
    path = root / binder_dir(root) / "runtime.txt"
    if not path.is_file():
        return None, None
    parts = path.read_text().strip().split("-")
    assert len(parts) in (2, 4, 5) and all(parts), f"invalid runtime.txt: {parts}"
    return parts[0], parts[1] if len(parts) in (2, 5) else None


def chosen_buildpack(root: Path) -> tuple[str, str]:
    """The buildpack repo2docker builds ``root`` with, and the file that chose it."""
    folder = binder_dir(root)
    name, _ = runtime(root)
    for buildpack, files in BUILDPACKS:
        if buildpack == "r" and (name == "r" or (not folder and (root / "DESCRIPTION").is_file())):
            return "r", str(Path(folder, "runtime.txt" if name == "r" else "DESCRIPTION"))
        if buildpack == "python" and name == "python":
            return "python", str(Path(folder, "runtime.txt"))
        if buildpack in ("pipfile", "python") and name and name != "python":
            continue
        for file in files:
            if (root / folder / file).exists():
                return buildpack, str(Path(folder, file))
        if buildpack == "python" and not folder and (root / "pyproject.toml").is_file():
            return "python", "pyproject.toml"
    return "none", ""


def is_local_pip_requirement(line: str) -> bool:
    """repo2docker's utils.is_local_pip_requirement, for the lines this repository uses."""
    line = line.split("#", 1)[0].strip()
    return line.startswith(("-r", "-c", "--requirement", "--constraint", "-e", "--editable",
                            ".", "/"))


def requirement_lines(path: Path, seen: tuple[Path, ...] = ()) -> list[tuple[Path, str]]:
    """Every requirement of ``path`` with the file it is in, following ``-r`` as pip does:
    relative to the directory of the file that names it. Continuation lines are joined."""
    assert path.is_file(), f"{seen[-1] if seen else 'binder'} names {path}, which is missing"
    assert path.resolve() not in seen, f"{path} includes itself"
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    found = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        nested = re.match(r"^(?:-r|--requirement)[\s=]+(\S+)$", line)
        if nested:
            found += requirement_lines(path.parent / nested.group(1), (*seen, path.resolve()))
        else:
            found.append((path, line))
    return found


def test_repo2docker_builds_from_binder_not_from_the_root_environment_yml():
    assert (ROOT / "environment.yml").is_file(), "the conda users' file this test is about"
    assert binder_dir(ROOT) == "binder"
    assert chosen_buildpack(ROOT) == ("python", "binder/runtime.txt")


def test_without_binder_repo2docker_would_take_environment_yml(tmp_path):
    """Why binder/ exists: from the root alone, conda builds environment.yml, which does not
    install the package (every notebook would fail on `import kimxi`)."""
    for name in ("environment.yml", "pyproject.toml", "requirements.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    assert chosen_buildpack(tmp_path) == ("conda", "environment.yml")
    assert "kimxi" not in (ROOT / "environment.yml").read_text()
    shutil.copytree(ROOT / "binder", tmp_path / "binder")
    assert chosen_buildpack(tmp_path) == ("python", "binder/runtime.txt")


def test_binder_python_is_the_one_the_lock_is_compiled_for():
    name, version = runtime(ROOT)
    assert name == "python" and version in SUPPORTED_PYTHONS, (name, version)
    makefile = (ROOT / "Makefile").read_text()
    assert set(re.findall(r"--python-version (\S+)", makefile)) == {version}
    assert re.search(rf"^\s*- python={re.escape(version)}\s*$",
                     (ROOT / "environment.yml").read_text(), re.MULTILINE)
    # make setup prefers this version where several are installed
    assert re.search(rf"command -v python{re.escape(version)}\b", makefile)


def test_binder_requirements_are_exactly_the_lock_with_hashes():
    lines = requirement_lines(ROOT / "binder" / "requirements.txt")
    assert {path.name for path, _ in lines} == {"requirements.lock.txt"}
    pins = {}
    for _, line in lines:
        hashes = re.findall(r"--hash=sha256:[0-9a-f]{64}", line)
        requirement = Requirement(re.sub(r"\s--hash=\S+", "", line).strip())
        assert hashes, f"{requirement}: no hash (pip's hash-checking mode would refuse it)"
        assert str(requirement.specifier).startswith("=="), f"{requirement}: not pinned"
        pins[canonicalize_name(requirement.name)] = str(requirement.specifier)[2:]
    locked = dict(re.findall(r"^([A-Za-z0-9][\w.-]*)==(\S+)",
                             (ROOT / "requirements.lock.txt").read_text(), re.MULTILINE))
    assert pins == {canonicalize_name(k): v for k, v in locked.items()}
    assert "setuptools" in pins, "postBuild builds the package without isolation"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pip's own pkg_resources import
def test_pip_reads_the_nested_file_relative_to_binder_requirements():
    """The same reading by pip's own parser (an internal module: skipped if it moved)."""
    try:
        from pip._internal.network.session import PipSession
        from pip._internal.req.req_file import parse_requirements
    except ImportError:
        pytest.skip("pip's requirements parser is not importable here")
    cwd = os.getcwd()
    os.chdir(ROOT)  # repo2docker runs pip from the repository root
    try:
        parsed = list(parse_requirements("binder/requirements.txt", session=PipSession()))
    finally:
        os.chdir(cwd)
    files = {Path(p.comes_from.split(" (line")[0].split()[-1]).resolve() for p in parsed}
    assert files == {(ROOT / "requirements.lock.txt").resolve()}

    def pin(text: str) -> tuple[str, str]:
        requirement = Requirement(re.sub(r"\s--hash=\S+", "", text))
        return canonicalize_name(requirement.name), str(requirement.specifier)

    ours = {pin(line) for _, line in requirement_lines(ROOT / "binder" / "requirements.txt")}
    assert {pin(p.requirement) for p in parsed} == ours
    assert all(p.options and p.options.get("hashes") for p in parsed)


def test_the_requirements_are_installed_after_the_repository_is_copied():
    """A -r to a file outside binder/ needs the whole repository in the image: repo2docker
    sees the local reference and installs in its assemble step, not before the copy."""
    lines = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert any(is_local_pip_requirement(line) for line in lines)


def test_postbuild_installs_the_package_and_its_kernel(tmp_path):
    """postBuild run as repo2docker runs it (./binder/postBuild from the root), with a
    stand-in ``python`` first on the PATH that records each call."""
    post_build = ROOT / "binder" / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR, "postBuild is not executable"
    assert post_build.read_text().startswith("#!/bin/bash\n")
    log = tmp_path / "calls.jsonl"
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                    f"with open({str(log)!r}, 'a') as log:\n"
                    "    log.write(json.dumps([os.getcwd(), sys.argv[1:]]) + '\\n')\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["./binder/postBuild"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert {cwd for cwd, _ in calls} == {str(ROOT)}
    install = next(argv for _, argv in calls if argv[:3] == ["-m", "pip", "install"])
    assert install[install.index("-e") + 1] == "."
    assert {"--no-deps", "--no-build-isolation"} <= set(install)
    kernel = next(argv for _, argv in calls if argv[:3] == ["-m", "ipykernel", "install"])
    assert "--sys-prefix" in kernel and kernel[kernel.index("--name") + 1] == "kim-xi-messages"
    assert calls.index([str(ROOT), install]) < calls.index([str(ROOT), kernel])


def test_postbuild_stops_at_the_first_failure(tmp_path):
    fake = tmp_path / "bin" / "python"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho called >> \"$CALLS\"\nexit 3\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
           "CALLS": str(tmp_path / "calls")}
    done = subprocess.run(["./binder/postBuild"], cwd=ROOT, env=env, capture_output=True,
                          timeout=60)
    assert done.returncode == 3
    assert (tmp_path / "calls").read_text() == "called\n"
