"""Rule plugins load from installed distributions only, never from the repository being checked.

`plugins: [acme]` in `.policy-lint.yaml` names an entry point of the group `policy_lint.rules`,
and loading it runs the module behind it. The configuration comes from a pull request; the code
must not. A repository chooses among the plugins the pipeline installed, it cannot bring one: a
`*.dist-info` folder committed beside a module would otherwise be found on `sys.path`, which
holds the working folder under `python -m policy_lint` (and the rootdir under pytest), and a
module committed under an installed plugin's name would shadow it.

So the distributions and modules are looked up on `sys.path` without the working folder and
without any entry inside a checked tree (the repositories of the checked paths, of the found
configuration and of the working folder), and a plugin is refused, before any of its code runs,
when its distribution's files or its module lie inside such a tree. The one exception is the
environment policy-lint itself runs in: were it inside the checkout (a `.venv` there), Python has
already run whatever `.pth` file it holds at start-up, and refusing its packages would protect
nothing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import Distribution, EntryPoint, distributions
from pathlib import Path
from typing import Any

from policy_lint.errors import CatalogueError
from policy_lint.quoting import cut
from policy_lint.repository import MARKER, inside, repository_of

GROUP = "policy_lint.rules"
_REFUSED = "a repository chooses among installed plugins, it cannot bring their code"


def load_plugins(names: Sequence[str], trees: Iterable[Path] = ()) -> list[tuple[str, Any]]:
    """The object each named entry point gives (its RULES and CHECKS), loaded from outside
    `trees` and the working folder's repository; CatalogueError for one that is not installed
    or that would run code from inside them."""
    roots = _untrusted(trees)
    everywhere = [entry or "." for entry in sys.path]
    here = Path.cwd().resolve()
    trusted = [
        entry
        for entry in sys.path
        if entry and Path(entry).resolve() != here and _controlled(Path(entry), roots) is None
    ]
    with _path(trusted):
        found = _entry_points(trusted)
        plugins = []
        for name in names:
            if name not in found:
                _refuse_declared_inside(name, everywhere, roots)
                known = ", ".join(sorted(found)) or "none installed"
                raise CatalogueError(f"no rule plugin is called {cut(name)!r} ({known})")
            point, dist = found[name]
            _refuse_files_inside(name, dist, roots)
            _refuse_module_inside(name, point, roots, everywhere)
            plugins.append((name, _load(name, point)))
            _refuse_module_inside(name, point, roots, everywhere)  # what the import did run
        return plugins


def _untrusted(trees: Iterable[Path]) -> tuple[Path, ...]:
    """The trees a pull request controls: those given and the working folder's repository."""
    here = repository_of(Path.cwd())
    ours = (here,) if (here / MARKER).exists() else ()
    return tuple(dict.fromkeys([*(tree.resolve() for tree in trees), *ours]))


def _controlled(path: Path, roots: Sequence[Path]) -> Path | None:
    """The untrusted tree `path` lies in, if any, unless it lies in the running environment."""
    homes = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    if any(inside(path, home) for home in homes):
        return None
    return next((root for root in roots if inside(path, root)), None)


@contextmanager
def _path(entries: list[str]) -> Iterator[None]:
    """`sys.path` set to `entries` for the time of a with block (imports made in it included)."""
    saved = sys.path[:]
    sys.path[:] = entries
    try:
        yield
    finally:
        sys.path[:] = saved


def _entry_points(path: list[str]) -> dict[str, tuple[EntryPoint, Distribution]]:
    """The group's entry points by name, each from the first distribution on `path` that
    declares it, as importlib.metadata.entry_points chooses."""
    found: dict[str, tuple[EntryPoint, Distribution]] = {}
    for dist in distributions(path=path):
        for point in dist.entry_points.select(group=GROUP):
            found.setdefault(point.name, (point, dist))
    return found


def _refuse_declared_inside(name: str, path: list[str], roots: Sequence[Path]) -> None:
    """Say why when a plugin that is not installed is declared by a distribution in a tree."""
    declared = _entry_points(path).get(name)
    root = _controlled(Path(str(declared[1].locate_file(""))), roots) if declared else None
    if root is not None:
        raise CatalogueError(f"rule plugin {cut(name)!r} is declared inside {root}: {_REFUSED}")


def _refuse_files_inside(name: str, dist: Distribution, roots: Sequence[Path]) -> None:
    for file in dist.files or ():
        root = _controlled(Path(str(dist.locate_file(file))), roots)
        if root is not None:
            raise CatalogueError(f"rule plugin {cut(name)!r} installs files in {root}: {_REFUSED}")


def _refuse_module_inside(
    name: str, point: EntryPoint, roots: Sequence[Path], everywhere: list[str]
) -> None:
    """Refuse the plugin when its top-level module, found as an import would find it (on the
    trusted path; on the whole path, to say where, when no installed package holds it), lies
    inside an untrusted tree. Finding a module's file runs none of its code."""
    top = point.module.split(".")[0]
    places = _places(top)
    if places is None:
        with _path(everywhere):
            places = _places(top) or []
        if not any(_controlled(Path(place), roots) for place in places):
            raise CatalogueError(
                f"rule plugin {cut(name)!r} names module {cut(top)!r}, which no installed "
                "package holds"
            )
    for place in places:
        root = _controlled(Path(place), roots)
        if root is not None:
            raise CatalogueError(f"rule plugin {cut(name)!r} would run code in {root}: {_REFUSED}")


def _places(top: str) -> list[str] | None:
    """The files and folders of a top-level module (None when it cannot be found)."""
    module = sys.modules.get(top)
    if module is not None:
        found = [getattr(module, "__file__", None), *getattr(module, "__path__", ())]
    elif (spec := importlib.util.find_spec(top)) is not None:
        found = [spec.origin, *(spec.submodule_search_locations or ())]
    else:
        return None
    return [place for place in found if isinstance(place, str) and os.path.isabs(place)]


def _load(name: str, point: EntryPoint) -> Any:
    """The entry point's object; a plugin that fails to import is its own defect, said so."""
    try:
        return point.load()
    except Exception as error:  # anything the plugin's own module raises
        said = f"{type(error).__name__}: {cut(str(error))}"
        raise CatalogueError(f"rule plugin {cut(name)!r} cannot be loaded ({said})") from None
