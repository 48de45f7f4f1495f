"""requirements.txt and environment.yml pin the same packages at the same versions."""

from __future__ import annotations

import re

from kimxi.io import paths


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


def _lock(name: str = "requirements.lock.txt") -> dict[str, list[tuple[str, str, int]]]:
    """Each package of a lock file: (version, environment marker, number of hashes) per entry."""
    entries: dict[str, list[tuple[str, str, int]]] = {}
    current = None
    for line in (paths.ROOT / name).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if match:
            current = [match.group(2), (match.group(3) or "").strip(), 0]
            entries.setdefault(_norm(match.group(1)), []).append(current)
        elif current is not None and re.match(r"^\s+--hash=sha256:[0-9a-f]{64}", line):
            current[2] += 1
    return {k: [tuple(e) for e in v] for k, v in entries.items()}


def test_the_lock_holds_every_pin_at_its_version():
    lock = _lock()
    for name, version in _requirements().items():
        assert name in lock, f"{name} is pinned in requirements.txt but not in the lock"
        versions = {v for v, _, _ in lock[name]}
        assert versions == {version}, f"{name}: {version} pinned, {versions} locked"


def test_every_locked_package_carries_hashes():
    for lock_name in ("requirements.lock.txt", "requirements-uv.lock.txt"):
        lock = _lock(lock_name)
        assert lock, lock_name
        for name, entries in lock.items():
            for version, _marker, hashes in entries:
                assert hashes >= 1, f"{lock_name}: {name}=={version} has no hash"


def test_the_lock_parser_sees_a_missing_hash():
    text = "numpy==2.4.6 \\\n    --hash=sha256:" + "a" * 64 + "\nscipy==1.17.1\n"
    path = paths.ROOT / "build" / "lock-control.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    try:
        lock = _lock("build/lock-control.txt")
    finally:
        path.unlink()
    assert lock == {"numpy": [("2.4.6", "", 1)], "scipy": [("1.17.1", "", 0)]}


def test_the_uv_lock_pins_the_makefiles_uv():
    makefile = (paths.ROOT / "Makefile").read_text()
    wanted = re.search(r"^UV_VERSION := (\S+)$", makefile, re.M).group(1)
    assert {v for v, _, _ in _lock("requirements-uv.lock.txt")["uv"]} == {wanted}


def _installs(makefile: str) -> list[str]:
    """Every pip or uv install command of the Makefile, continuation lines joined."""
    joined = re.sub(r"\s*\\\n\s*", " ", makefile)
    return [m.group(0) for m in re.finditer(r"(?:pip|uv pip) install [^;&|\n]*", joined)]


def test_setup_installs_every_requirement_file_with_hashes_checked():
    installs = _installs((paths.ROOT / "Makefile").read_text())
    from_files = [cmd for cmd in installs if re.search(r"\s-r\s", cmd)]
    assert {re.search(r"-r\s+(\S+)", cmd).group(1) for cmd in from_files} == {
        "$(LOCK)", "requirements-uv.lock.txt"}
    for cmd in from_files:
        assert "--require-hashes" in cmd, cmd
    # the control: a command without the flag is seen
    assert _installs("x:\n\tpip install \\\n\t  -r other.txt\n") == ["pip install -r other.txt"]
