"""`mkdocs-journey validate | new | schema | diff | pages | import | export`: the checks of a build and
the tools around it, for CI, pre-commit, editors, reviews and sites built without the plugin."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import gitsource
from .catalog import RESERVED_IDS, RESERVED_PAGES, Catalog, load_catalog
from .config import JourneyConfig
from .files import FileError, read_file
from .i18n import language_code
from .journeydiff import diff_catalogs
from .journeydiff_format import FORMATS, write
from .loader import SLUG
from .problems import Problem
from .schema import KINDS, json_schema_text
from .settings import Settings, resolve
from .starters import starter


class UsageError(Exception):
    """A mistake in the command line or in mkdocs.yml: printed, exit code 2."""


def _entry_point_names() -> set[str]:
    """The names MkDocs accepts for this plugin in `plugins:`: those of its `mkdocs.plugins` entry points."""
    from importlib.metadata import entry_points

    return {ep.name for ep in entry_points(group="mkdocs.plugins") if ep.value.startswith("mkdocs_journey.")}


def site_settings(config_file: Path) -> Settings:
    """The plugin's settings in a mkdocs.yml, read as MkDocs reads them (!ENV, !relative, INHERIT).

    Only this plugin's entry and the theme's language are read, with MkDocs' own YAML loader and
    option checks (`JourneyConfig`): `validate` then runs where only this package is installed (a
    pre-commit hook), without the site's theme and other plugins. What MkDocs would reject here
    (a plugin name it does not know, an unknown option, which fails `mkdocs build --strict`) is
    rejected too.
    """
    from mkdocs.config.defaults import MkDocsConfig  # MkDocs is there whenever a mkdocs.yml is
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader(config=MkDocsConfig(config_file_path=str(config_file)))
    try:
        with config_file.open("rb") as fd:
            data = yaml_load(fd, loader) or {}
    except Exception as exc:  # YAML, !ENV, INHERIT: any of them, said with the file's name
        raise UsageError(f"{config_file}: cannot read it: {exc}") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{config_file}: this is not a MkDocs configuration (its top level is not a mapping)")
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    names = _entry_point_names()
    options: object = None
    for entry in plugins if isinstance(plugins, list) else []:
        name = entry if isinstance(entry, str) else next(iter(entry)) if isinstance(entry, dict) and len(entry) == 1 else None
        if name in names:
            options = {} if isinstance(entry, str) else (entry[name] or {})
        elif name in ("mkdocs-journey", "mkdocs_journey"):
            raise UsageError(f"{config_file}: MkDocs knows this plugin as 'journey', not '{name}': "
                             f"write '- journey' in 'plugins'")
    if options is None:
        raise UsageError(f"{config_file}: the 'journey' plugin is not in 'plugins'")
    if not isinstance(options, dict):
        raise UsageError(f"{config_file}: the 'journey' plugin's options must be a mapping")
    config = JourneyConfig(config_file_path=str(config_file))
    try:
        config.load_dict(options)
        errors, warnings = config.validate()
    except Exception as exc:
        raise UsageError(f"{config_file}: the 'journey' plugin's options: {exc}") from exc
    problems = errors + warnings  # an unknown option fails `mkdocs build --strict`, so it fails here too
    if problems:
        raise UsageError("; ".join(f"{config_file}: plugin option '{name}': {error}" for name, error in problems))
    theme = data.get("theme")
    docs_dir = data.get("docs_dir")
    return resolve(config, config_file=config_file, theme=theme if isinstance(theme, dict) else None,
                   docs_dir=docs_dir if isinstance(docs_dir, str) else "docs")


def settings_for(config_file: Path) -> Settings:
    """The settings of a site that may not list the plugin: a Zensical site (zensical.toml), or one that only
    uses the fence. With the plugin in a mkdocs.yml, its options (`site_settings`); otherwise its defaults
    next to the file, in the language of its theme."""
    if config_file.suffix in (".yml", ".yaml"):
        try:
            return site_settings(config_file)
        except UsageError as exc:
            if "is not in 'plugins'" not in str(exc):
                raise
    theme: object = None
    if config_file.suffix == ".toml":
        import tomllib

        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{config_file}: cannot read it: {exc}") from exc
        theme = data.get("project", data).get("theme") if isinstance(data.get("project", data), dict) else None
    return resolve({}, config_file=config_file, theme=theme if isinstance(theme, dict) else None)


@dataclass(frozen=True)
class Folders:
    """Where `validate` and `new` read and write, and the messages' root (the working directory)."""

    root: Path
    journeys: Path
    personas: Path
    stages: tuple[str, ...] | None = None
    language: str = "en"
    hint: str = "create it"
    """What to do if the journeys folder is missing."""


def folders_for(path: Path) -> Folders:
    """PATH is a mkdocs.yml (its plugin options apply) or a journeys folder (personas in `personas/`).

    Paths in messages are relative to the working directory, so that CI annotations land on the
    files of the pull request wherever mkdocs.yml is.
    """
    if path == Path("mkdocs.yml") and not path.exists():
        if Path("mkdocs.yaml").is_file():
            path = Path("mkdocs.yaml")  # MkDocs' other default name
        elif Path("journeys").is_dir():
            path = Path("journeys")  # no site here: the conventional folder
    if path.is_file():
        settings = site_settings(path)
        return Folders(Path.cwd(), settings.journeys, settings.personas, settings.stages, settings.language,
                       settings.missing_journeys_hint())
    if path.is_dir():
        return Folders(Path.cwd(), path.absolute(), path.absolute() / "personas")
    raise UsageError(f"{path}: no such file or folder (give a mkdocs.yml or a journeys folder)")


def _github(level: str, problem: Problem) -> str:
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    where = f"file={escape(problem.file, True)}"
    if problem.line:
        where += f",line={problem.line}" + (f",col={problem.column}" if problem.column else "")
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return f"::{level} {where},title=mkdocs-journey::{escape(message)}"


def _count(number: int, noun: str) -> str:
    """`1 journey`, `2 journeys`: the summary is read by people."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


def validate(path: Path, *, fmt: str, strict: bool, out: TextIO) -> int:
    folders = folders_for(path)
    if not folders.journeys.is_dir():
        what = "is not a folder" if folders.journeys.exists() else "does not exist"
        raise UsageError(f"{folders.journeys}: the journeys folder {what} ({folders.hint})")
    catalog = load_catalog(folders.journeys, folders.personas, root=folders.root, stages=folders.stages)
    for level, problems in (("error", catalog.errors), ("warning", catalog.warnings)):
        for problem in problems:
            print(_github(level, problem) if fmt == "github" else problem.format(level), file=out)
    errors, warnings = len(catalog.errors), len(catalog.warnings)
    summary = (f"{_count(catalog.files.get('journey', 0), 'journey')} and "
               f"{_count(catalog.files.get('persona', 0), 'persona')} checked: "
               f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    print(summary, file=sys.stderr if fmt == "github" else out)
    return 1 if errors or (strict and warnings) else 0


def new(kind: str, item_id: str, path: Path, *, out: TextIO) -> int:
    if not SLUG.match(item_id):
        raise UsageError(f"'{item_id}' is not an id: use lower-case letters, digits, '-' and '_'")
    if item_id in RESERVED_IDS:
        raise UsageError(f"'{item_id}' is reserved for the {RESERVED_PAGES[item_id]}: choose another id")
    folders = folders_for(path)
    folder = folders.journeys if kind == "journey" else folders.personas
    target = folder / f"{item_id}.yml"
    existing = [p for p in (folder / f"{item_id}.yml", folder / f"{item_id}.yaml") if p.exists()]
    if existing:
        raise UsageError(f"{existing[0]} already exists: it is left as it is")
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as fd:  # "x": never overwrite, even in a race
        fd.write(starter(kind, item_id, language_code(folders.language)))
    print(f"created {target}", file=out)
    return 0


def _folder_catalog(path: Path, config_name: Path) -> Catalog:
    """A side given as a folder: a site (its mkdocs.yml's options apply) or a journeys folder."""
    site = path / config_name.name
    folders = folders_for(site if site.is_file() else path)
    if not folders.journeys.is_dir():
        raise UsageError(f"{folders.journeys}: the journeys folder does not exist")
    return load_catalog(folders.journeys, folders.personas, root=folders.root, stages=folders.stages)


def _revision_catalogs(base: str | None, head: str | None, config: Path, tmp: Path) -> tuple[Catalog, Catalog]:
    """Both sides from git: each revision's journeys and personas folders exported to `tmp`; no HEAD: the working tree.

    The folders are those the working tree's mkdocs.yml names; paths in messages are relative to the repository's top.
    """
    folders = folders_for(config)
    try:
        top = gitsource.toplevel(Path.cwd())
        paths = [gitsource.relative(folders.journeys, top), gitsource.relative(folders.personas, top)]
        sides = []
        for name, revision in (("base", base or gitsource.default_base(top)), ("head", head)):
            if revision is None:
                sides.append(load_catalog(folders.journeys, folders.personas, root=top, stages=folders.stages))
                continue
            root = tmp / name
            gitsource.export(revision, paths, top, root)
            sides.append(load_catalog(root / paths[0], root / paths[1], root=root, stages=folders.stages))
    except gitsource.GitError as exc:
        raise UsageError(str(exc)) from exc
    return sides[0], sides[1]


def diff(base: str | None, head: str | None, *, base_dir: Path | None, head_dir: Path | None, config: Path,
         fmt: str, strict: bool, out: TextIO) -> int:
    """What changed for the customer between two revisions (or two folders); exit 1 on errors only with --strict."""
    if base_dir is not None or head_dir is not None:
        if base_dir is None or head_dir is None:
            raise UsageError("give both --base-dir and --head-dir (or neither, to compare git revisions)")
        if base is not None:
            raise UsageError("give git revisions or --base-dir and --head-dir, not both")
        old, new = _folder_catalog(base_dir, config), _folder_catalog(head_dir, config)
    else:
        with tempfile.TemporaryDirectory(prefix="mkdocs-journey-diff-") as tmp:
            old, new = _revision_catalogs(base, head, config, Path(tmp))
    out.write(write(diff_catalogs(old, new), fmt))
    return 1 if strict and (old.errors or new.errors) else 0


def pages(config_file: Path, out_dir: Path, *, check: bool, out: TextIO) -> int:
    """Write the generated pages as Markdown files with fences (see `export`); with `check`, only say what differs."""
    from .crossviews import enabled
    from .export import page_files, sync
    from .views import DEFAULT_VIEWS

    if config_file == Path("mkdocs.yml") and not config_file.exists():
        config_file = next((Path(n) for n in ("mkdocs.yaml", "zensical.toml") if Path(n).is_file()), config_file)
    if not config_file.is_file():
        raise UsageError(f"{config_file}: no such file (give the site's mkdocs.yml or zensical.toml with --config)")
    settings = settings_for(config_file)
    if not settings.journeys.is_dir():
        raise UsageError(f"{settings.journeys}: the journeys folder does not exist")
    catalog = load_catalog(settings.journeys, settings.personas, root=Path.cwd(), stages=settings.stages,
                           language=settings.language)
    for level, problems in (("error", catalog.errors), ("warning", catalog.warnings)):
        for problem in problems:
            print(problem.format(level), file=sys.stderr)
    result = sync(out_dir, page_files(catalog, settings, enabled(DEFAULT_VIEWS, settings.cross_journey)), check=check)
    for rel in result.refused:
        print(f"{out_dir / rel}: not written by mkdocs-journey pages: left as it is; move it, or choose another --out",
              file=sys.stderr)
    verb = ("out of date", "would remove") if check else ("written", "removed")
    for rel in result.written:
        print(f"{verb[0]}: {out_dir / rel}", file=out)
    for rel in result.removed:
        print(f"{verb[1]}: {out_dir / rel}", file=out)
    total = _count(len(result.written) + len(result.unchanged), "file")
    print(f"{total} for {_count(len(catalog.journeys), 'journey')} and {_count(len(catalog.personas), 'persona')}: "
          f"{len(result.written)} {verb[0]}, {len(result.removed)} {'to remove' if check else 'removed'}", file=out)
    if check and result.changed:
        print("the pages are out of date: run mkdocs-journey pages --out " + str(out_dir), file=sys.stderr)
    return 1 if catalog.errors or result.refused or (check and result.changed) else 0


def import_mermaid(paths: list[Path], out_dir: Path | None, *, scale: int | None, out: TextIO) -> int:
    """Write one journey file per Mermaid `journey` diagram (never over a file); exit 1 on any problem."""
    from . import mermaid

    if scale is not None and scale < 2:
        raise UsageError("--scale must be 2 or more: the highest score of the diagrams' scale, e.g. --scale 9")
    folder = out_dir if out_dir is not None else folders_for(Path("mkdocs.yml")).journeys
    failed = False
    for path in paths:
        try:
            text = read_file(path).decode("utf-8-sig")
        except (FileError, UnicodeError) as exc:
            print(f"{path}: cannot read it: {getattr(exc, 'message', exc)}", file=sys.stderr)
            failed = True
            continue
        found, problems = mermaid.diagrams(text, path.as_posix(), markdown=path.suffix.lower() in (".md", ".markdown"))
        if not found and not problems:
            problems = [Problem(path.as_posix(), 0, 0, "no Mermaid journey diagram here",
                                "a diagram starts with 'journey'; in Markdown, inside a ```mermaid block")]
        for diagram, item_id in zip(found, mermaid.file_ids(path.stem, found), strict=True):
            data, more = mermaid.to_journey(diagram, scale=scale)
            problems += more
            if data is None:
                continue
            target = folder / f"{item_id}.yml"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with target.open("x", encoding="utf-8") as fd:  # "x": never overwrite, even in a race
                    fd.write(mermaid.to_yaml(data, f"{path.as_posix()}:{diagram.line}"))
            except FileExistsError:
                problems.append(Problem(path.as_posix(), diagram.line, 1, f"{target} already exists: it is left as it is",
                                        "remove it or import into another --out folder"))
                continue
            print(f"created {target} from {path}:{diagram.line}", file=out)
        for problem in sorted(problems):
            print(problem.format("error"), file=sys.stderr)
        failed = failed or bool(problems)
    return 1 if failed else 0


def export_mermaid(what: str, config: Path, *, out: TextIO) -> int:
    """Print a journey (a file, or an id of the site's journeys) as a Mermaid `journey` diagram."""
    from .loader import load_document
    from .mermaid import from_journey
    from .model import Journey

    path = Path(what)
    if not path.is_file():
        if not SLUG.match(what):
            raise UsageError(f"{what}: no such file, and not a journey id")
        folders = folders_for(config)
        catalog = load_catalog(folders.journeys, folders.personas, root=folders.root, stages=folders.stages)
        if what not in catalog.journeys:
            for problem in catalog.errors:
                print(problem.format("error"), file=sys.stderr)
            raise UsageError(f"no journey '{what}' in {folders.journeys}")
        out.write(from_journey(catalog.journeys[what]))
        return 0
    try:
        raw = read_file(path)
    except FileError as exc:
        raise UsageError(f"{path}: {exc.message}") from exc
    item, problems, _doc = load_document(raw, path.as_posix(), path.stem, Journey)
    if item is None:
        for problem in problems:
            print(problem.format("error"), file=sys.stderr)
        return 1
    out.write(from_journey(item.model))  # type: ignore[arg-type]
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mkdocs-journey", description="Check and create customer journey files.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check journey and persona files; exit 1 on errors")
    check.add_argument("path", nargs="?", default="mkdocs.yml", type=Path,
                       help="a mkdocs.yml (default: ./mkdocs.yml) or a journeys folder")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' prints GitHub Actions annotations")
    check.add_argument("--strict", action="store_true", help="warnings fail too, as in mkdocs build --strict")
    create = sub.add_parser("new", help="write a commented starter file (never overwrites)")
    create.add_argument("kind", choices=sorted(KINDS))
    create.add_argument("id", help="the new file's id, e.g. first-purchase")
    create.add_argument("--config", default="mkdocs.yml", type=Path, help="a mkdocs.yml or a journeys folder")
    schema = sub.add_parser("schema", help="print the JSON Schema of journey or persona files")
    schema.add_argument("kind", choices=sorted(KINDS))
    compare = sub.add_parser("diff", help="what changed in the journeys between two git revisions or folders")
    compare.add_argument("base", nargs="?", help="a git revision (default: the merge base with the default branch)")
    compare.add_argument("head", nargs="?", help="a git revision (default: the working tree)")
    compare.add_argument("--base-dir", type=Path, help="instead of revisions: the folder before (a site or journeys folder)")
    compare.add_argument("--head-dir", type=Path, help="... and the one after")
    compare.add_argument("--format", choices=FORMATS, default="text",
                         help="'markdown' for a pull-request comment, 'json' for other tools")
    compare.add_argument("--strict", action="store_true", help="exit 1 when either side has errors")
    compare.add_argument("--config", default="mkdocs.yml", type=Path, help="a mkdocs.yml or a journeys folder")
    export = sub.add_parser("pages", help="write the journey pages as Markdown files with fences (for Zensical)")
    export.add_argument("--out", required=True, type=Path, help="the folder to write into, e.g. docs")
    export.add_argument("--check", action="store_true", help="write nothing; exit 1 when the files are out of date")
    export.add_argument("--config", default="mkdocs.yml", type=Path, help="the site's mkdocs.yml or zensical.toml")
    bring = sub.add_parser("import", help="write journey files from Mermaid journey diagrams (never overwrites)")
    bring.add_argument("format", choices=("mermaid",))
    bring.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".mmd files, or Markdown files with ```mermaid blocks")
    bring.add_argument("--out", type=Path, help="the folder to write into (default: the site's journeys folder)")
    bring.add_argument("--scale", type=int, help="the diagrams' scores run 1 to SCALE (default 5, Mermaid's)")
    show = sub.add_parser("export", help="print a journey as a Mermaid journey diagram")
    show.add_argument("format", choices=("mermaid",))
    show.add_argument("journey", metavar="FILE|ID", help="a journey file, or the id of one of the site's journeys")
    show.add_argument("--config", default="mkdocs.yml", type=Path, help="a mkdocs.yml or a journeys folder (for an id)")
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return validate(args.path, fmt=args.format, strict=args.strict, out=sys.stdout)
        if args.command == "new":
            return new(args.kind, args.id, args.config, out=sys.stdout)
        if args.command == "diff":
            return diff(args.base, args.head, base_dir=args.base_dir, head_dir=args.head_dir, config=args.config,
                        fmt=args.format, strict=args.strict, out=sys.stdout)
        if args.command == "pages":
            return pages(args.config, args.out, check=args.check, out=sys.stdout)
        if args.command == "import":
            return import_mermaid(args.paths, args.out, scale=args.scale, out=sys.stdout)
        if args.command == "export":
            return export_mermaid(args.journey, args.config, out=sys.stdout)
        sys.stdout.write(json_schema_text(args.kind))
        return 0
    except UsageError as exc:
        print(f"mkdocs-journey: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
