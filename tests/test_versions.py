"""One version everywhere, a valid citation file, and the package's runtime dependencies.

The version is set once, in pyproject.toml; kimxi.__version__, CITATION.cff,
data/datapackage.json (as committed and as the code writes it) and the newest entry of
CHANGELOG.md must say the same. CITATION.cff is checked against the keys and types of the
Citation File Format 1.2.0 schema. Every third-party module that src/kimxi imports must be
declared in ``[project] dependencies``, with a range that admits the version locked in
requirements.lock.txt."""

from __future__ import annotations

import ast
import datetime
import json
import os
import re
import shutil
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import kimxi
from kimxi.io import paths
from kimxi.run import datapackage

ROOT = paths.ROOT
CHANGELOG_ENTRY = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$",
                             re.MULTILINE)


def project(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def citation(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def newest_changelog_entry(root: Path = ROOT) -> dict[str, str]:
    found = CHANGELOG_ENTRY.search((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert found, "CHANGELOG.md has no entry '## [version] - YYYY-MM-DD'"
    return found.groupdict()


def stated_versions(root: Path = ROOT) -> dict[str, str]:
    """Every place of the tree at ``root`` that states the collection's version."""
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return {
        "pyproject.toml": project(root)["version"],
        "CITATION.cff": str(citation(root)["version"]),
        "data/datapackage.json": package["version"],
        "CHANGELOG.md (newest entry)": newest_changelog_entry(root)["version"],
    }


def disagreements(versions: dict[str, str]) -> list[str]:
    source = versions["pyproject.toml"]
    return [f"{where} says {version}, pyproject.toml {source}"
            for where, version in versions.items() if version != source]


def test_one_version_everywhere():
    versions = stated_versions()
    versions["kimxi.__version__"] = kimxi.__version__
    versions["kimxi.run.datapackage (as written)"] = datapackage.package()["version"]
    assert not disagreements(versions), "\n".join(disagreements(versions))


@pytest.mark.parametrize("where", ["CITATION.cff", "CHANGELOG.md", "data/datapackage.json"])
def test_a_version_left_behind_is_named(tmp_path, where):
    for name in ("pyproject.toml", "CITATION.cff", "CHANGELOG.md", "data/datapackage.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    version = project()["version"]
    copy = tmp_path / where
    old = {"CITATION.cff": f"version: {version}", "CHANGELOG.md": f"## [{version}]",
           "data/datapackage.json": f'"version": "{version}"'}[where]
    assert old in copy.read_text(encoding="utf-8")
    copy.write_text(copy.read_text(encoding="utf-8").replace(old, old.replace(version, "9.9.9"),
                                                             1), encoding="utf-8")
    problems = disagreements(stated_versions(tmp_path))
    assert len(problems) == 1 and problems[0].startswith(where) and "9.9.9" in problems[0]


def test_the_citation_is_released_on_the_date_of_the_newest_changelog_entry():
    released = citation()["date-released"]
    released = released.isoformat() if isinstance(released, datetime.date) else released
    assert released == newest_changelog_entry()["date"]


# --- CITATION.cff against the Citation File Format 1.2.0 schema -----------------------------
# (https://citation-file-format.github.io/1.2.0/schema.json: keys, required keys and types of
# the parts this file uses; the schema allows no other keys at any of these levels.)

CFF_TOP = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
           "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
           "references", "repository", "repository-artifact", "repository-code", "title", "type",
           "url", "version"}
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}
CFF_REFERENCE_REQUIRED = {"authors", "title", "type"}
CFF_REFERENCE = {
    "abbreviation", "abstract", "authors", "collection-doi", "collection-title",
    "collection-type", "commit", "conference", "contact", "copyright", "data-type", "database",
    "database-provider", "date-accessed", "date-downloaded", "date-published", "date-released",
    "department", "doi", "edition", "editors", "editors-series", "end", "entry", "filename",
    "format", "identifiers", "institution", "isbn", "issn", "issue", "issue-date", "issue-title",
    "journal", "keywords", "languages", "license", "license-url", "loc-end", "loc-start",
    "location", "medium", "month", "nihmsid", "notes", "number", "number-volumes", "pages",
    "patent-states", "pmcid", "publisher", "recipients", "repository", "repository-artifact",
    "repository-code", "scope", "section", "senders", "start", "status", "term", "thesis-type",
    "title", "translators", "type", "url", "version", "volume", "volume-title", "year",
    "year-original"}
CFF_REFERENCE_TYPES = {
    "art", "article", "audiovisual", "bill", "blog", "book", "catalogue", "conference-paper",
    "conference", "data", "database", "dictionary", "edited-work", "encyclopedia",
    "film-broadcast", "generic", "government-document", "grant", "hearing", "historical-work",
    "legal-case", "legal-rule", "magazine-article", "manual", "map", "multimedia", "music",
    "newspaper-article", "pamphlet", "patent", "personal-communication", "proceedings",
    "report", "serial", "slides", "software-code", "software-container", "software-executable",
    "software-virtual-machine", "software", "sound-recording", "standard", "statute", "thesis",
    "unpublished", "video", "website"}
CFF_PERSON = {"address", "affiliation", "alias", "city", "country", "email", "family-names",
              "fax", "given-names", "name-particle", "name-suffix", "orcid", "post-code",
              "region", "tel", "website"}
CFF_ENTITY = {"address", "alias", "city", "country", "date-end", "date-start", "email", "fax",
              "location", "name", "orcid", "post-code", "region", "tel", "website"}
CFF_URL = re.compile(r"^(https|http|ftp|sftp)://.+")
CFF_DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$")
CFF_COMMIT = re.compile(r"^[0-9a-f]{40}$")
SPDX_USED = {"MIT", "CC-BY-4.0", "CC-BY-NC-4.0"}  # the licences this project names


def _text(value) -> bool:
    return isinstance(value, str) and value != ""


def cff_problems(cff: dict) -> list[str]:
    """What in ``cff`` breaks the CFF 1.2.0 schema's rules for the keys used here."""
    problems = [f"missing required key {key}" for key in sorted(CFF_REQUIRED - set(cff))]
    problems += [f"unknown key {key}" for key in sorted(set(cff) - CFF_TOP)]
    if cff.get("cff-version") != "1.2.0":
        problems.append(f"cff-version {cff.get('cff-version')!r} is not '1.2.0'")
    problems += [f"{key} is not a non-empty string" for key in ("message", "title", "abstract")
                 if key in cff and not _text(cff[key])]
    if "type" in cff and cff["type"] not in ("software", "dataset"):
        problems.append(f"type {cff['type']!r} is not software or dataset")
    problems += _authors(cff.get("authors"), "authors")
    problems += _common(cff, "")
    for i, reference in enumerate(cff.get("references", [])):
        where = f"references[{i}]"
        if not isinstance(reference, dict):
            problems.append(f"{where} is not a mapping")
            continue
        problems += [f"{where}: missing required key {key}"
                     for key in sorted(CFF_REFERENCE_REQUIRED - set(reference))]
        problems += [f"{where}: unknown key {key}"
                     for key in sorted(set(reference) - CFF_REFERENCE)]
        if reference.get("type") not in CFF_REFERENCE_TYPES:
            problems.append(f"{where}: type {reference.get('type')!r} is not a CFF reference type")
        problems += [f"{where}: {key} is not a non-empty string"
                     for key in ("title", "notes", "journal") if key in reference
                     and not _text(reference[key])]
        for key in ("year", "volume", "start", "end"):
            if key in reference and not (isinstance(reference[key], int) or _text(reference[key])):
                problems.append(f"{where}: {key} is neither an integer nor a string")
        if "issue" in reference and not (_text(reference["issue"])
                                         or isinstance(reference["issue"], int | float)):
            problems.append(f"{where}: issue is neither a string nor a number")
        if "conference" in reference:
            problems += _party(reference["conference"], f"{where}.conference", entity=True)
        problems += _authors(reference.get("authors"), f"{where}.authors")
        problems += [f"{where}: {p}" for p in _common(reference, where)]
    return problems


def _common(part: dict, where: str) -> list[str]:
    problems = []
    for key in ("url", "repository", "repository-code", "repository-artifact", "license-url"):
        if key in part and not (isinstance(part[key], str) and CFF_URL.match(part[key])):
            problems.append(f"{key} {part[key]!r} is not a URL")
    for key in ("date-released", "date-published", "date-accessed"):
        if key in part:
            value = part[key]
            value = value.isoformat() if isinstance(value, datetime.date) else value
            if not (isinstance(value, str) and CFF_DATE.match(value)):
                problems.append(f"{key} {part[key]!r} is not a date YYYY-MM-DD")
    if "commit" in part and not (isinstance(part["commit"], str)
                                 and CFF_COMMIT.match(part["commit"])):
        problems.append(f"commit {part['commit']!r} is not a 40-digit hash")
    if "version" in part and not (_text(part["version"]) or isinstance(part["version"], float)):
        problems.append(f"version {part['version']!r} is neither a string nor a number")
    if "license" in part:
        licences = part["license"] if isinstance(part["license"], list) else [part["license"]]
        problems += [f"license {name!r} is not an SPDX identifier this project uses"
                     for name in licences if name not in SPDX_USED]
    if "keywords" in part and not (isinstance(part["keywords"], list)
                                   and all(_text(word) for word in part["keywords"])):
        problems.append("keywords is not a list of non-empty strings")
    return problems


def _authors(authors, where: str) -> list[str]:
    if not isinstance(authors, list) or not authors:
        return [f"{where} is not a non-empty list"]
    problems = []
    for i, author in enumerate(authors):
        problems += _party(author, f"{where}[{i}]", entity="name" in (author or {}))
    return problems


def _party(party, where: str, entity: bool) -> list[str]:
    if not isinstance(party, dict) or not party:
        return [f"{where} is not a person or entity"]
    allowed = CFF_ENTITY if entity else CFF_PERSON
    problems = [f"{where}: unknown key {key}" for key in sorted(set(party) - allowed)]
    problems += [f"{where}: {key} is not a non-empty string" for key, value in party.items()
                 if not _text(value)]
    if not entity and not {"family-names", "given-names", "alias"} & set(party):
        problems.append(f"{where}: a person without a name")
    return problems


def test_the_citation_file_follows_cff_1_2_0():
    problems = cff_problems(citation())
    assert not problems, "\n".join(problems)


def test_the_cff_check_names_what_breaks_the_schema():
    broken = citation()
    del broken["message"]
    broken["repository-code"] = "github.com/no-scheme"
    broken["references"][0]["type"] = "tweet"
    broken["references"][1]["authors"] = [{"fullname": "Someone"}]
    problems = cff_problems(broken)
    assert "missing required key message" in problems
    assert any(p.startswith("repository-code") for p in problems)
    assert "references[0]: type 'tweet' is not a CFF reference type" in problems
    assert "references[1].authors[0]: unknown key fullname" in problems


def test_the_citation_names_the_data_the_collection_draws_on():
    titles = " | ".join(reference["title"] for reference in citation()["references"])
    for source in ("kcna_scraper", "Rodong Sinmun", "CAMEO", "conflict-cooperation scale",
                   "Goldstein value"):
        assert source in titles, f"no reference for {source}"


# --- Runtime dependencies ---------------------------------------------------------------------

# Declared although no module imports them: what the package needs at run time all the same.
NOT_IMPORTED = {
    "ipykernel": "the kernel nbclient starts to run the notebooks",
    "vl-convert-python": "altair's offline HTML (Chart.save(inline=True))",
    "myst-nb": "the book's notebook reader, a Sphinx extension named in its settings",
    "sphinx-book-theme": "the book's theme, named in its Sphinx settings",
}


def third_party_imports(source: Path = ROOT / "src" / "kimxi") -> dict[str, str]:
    """Top-level module -> first file importing it, for every non-stdlib absolute import."""
    found: dict[str, str] = {}
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("kimxi", "__future__"):
                    found.setdefault(top, path.relative_to(ROOT).as_posix())
    return found


def declared() -> dict[str, Requirement]:
    requirements = [Requirement(text) for text in project()["dependencies"]]
    return {canonicalize_name(r.name): r for r in requirements}


def locked() -> dict[str, str]:
    """Distribution -> version, from the ``name==version`` lines of requirements.lock.txt."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)",
                      (ROOT / "requirements.lock.txt").read_text(encoding="utf-8"), re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_every_third_party_import_is_a_declared_dependency():
    distributions = packages_distributions()
    wanted = declared()
    missing = []
    for module, where in sorted(third_party_imports().items()):
        names = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert names, f"{where} imports {module}, which no installed distribution provides"
        if not names & set(wanted):
            missing.append(f"{where} imports {module} ({', '.join(sorted(names))}): "
                           "not in [project] dependencies of pyproject.toml")
    assert not missing, "\n".join(missing)


def test_every_declared_dependency_is_used():
    distributions = packages_distributions()
    imported = {canonicalize_name(d) for module in third_party_imports()
                for d in distributions.get(module, [])}
    unused = set(declared()) - imported - set(NOT_IMPORTED)
    assert not unused, f"declared but never imported: {sorted(unused)}"


def test_every_declared_range_admits_the_locked_version():
    pins = locked()
    problems = []
    for name, requirement in sorted(declared().items()):
        if name not in pins:
            problems.append(f"{requirement}: not in requirements.lock.txt")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement}: does not admit the locked {name}=={pins[name]}")
        elif not requirement.specifier:
            problems.append(f"{requirement}: no version range")
    assert not problems, "\n".join(problems)


def test_the_python_range_admits_the_lock_s_python():
    lock_python = re.search(r"--python-version (\S+)", (ROOT / "Makefile").read_text())
    assert lock_python, "the Makefile's lock target names no --python-version"
    from packaging.specifiers import SpecifierSet

    assert SpecifierSet(project()["requires-python"]).contains(lock_python.group(1))


# --- The Python versions make setup accepts ---------------------------------------------------

PYENV = Path("/root/.pyenv/versions")
ACCEPTED = {(3, 11), (3, 12), (3, 13)}  # the lock installs on each (README, Set-up details)


def _installed_pythons() -> list[Path]:
    found = {Path(sys.executable)}
    found |= set(PYENV.glob("3.*/bin/python")) if PYENV.is_dir() else set()
    return sorted(found)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("python", _installed_pythons(), ids=str)
def test_make_setup_accepts_python_3_11_to_3_13_and_says_why_it_refuses_others(tmp_path,
                                                                               python):
    """The set-up recipe run with a stand-in Python that answers the version check with the
    real interpreter and stops the recipe at the next command (nothing is installed)."""
    import subprocess

    for name in ("Makefile", "pyproject.toml", "requirements.lock.txt",
                 "requirements-uv.lock.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    stand_in = tmp_path / "python"
    stand_in.write_text(f'#!/bin/bash\nif [ "$1" = -c ]; then exec {python} "$@"; fi\n'
                        'echo "stopped after the version check" >&2; exit 97\n')
    stand_in.chmod(0o755)
    version = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.split()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MAKE", "MFLAGS", "CONDA_DEFAULT_ENV"))}
    done = subprocess.run(["make", "-s", "setup", f"PYTHON={stand_in}"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and not (tmp_path / ".venv").exists()
    if tuple(map(int, version)) in ACCEPTED:
        assert "stopped after the version check" in done.stderr, done.stderr
    else:
        assert "Python 3.11, 3.12 or 3.13 is required" in done.stderr, done.stderr
        assert f"found {'.'.join(version)}" in done.stderr
