"""Where a generated page's source lives: the YAML file the author edits, for the plugins that ask.

Git-based plugins (git-revision-date-localized, git-authors) read `page.file.abs_src_path` for the
page's history, and skip any file with `generated_by` set (they use the build time, or fail under
`--strict`). A journey or persona page is generated, but it has a source: its YAML file. So its
File is given that file as `abs_src_path` and no `generated_by`, while its content stays in memory
(`File._content`): MkDocs then never reads, copies or parses the YAML as Markdown (`content_string`
and `copy_file` prefer the content; pages are never copied), and `src_dir` stays None, because the
page is not a file of the docs folder (plugins that join `src_dir` and `src_uri` skip it).
MkDocs 1.6 says as much of `File.abs_src_path`: "do not use this path to read the file, prefer
`content_bytes`/`content_string`"; and it reads `generated_by` only to default `edit_uri`, which
these pages always set. The two index pages have no single source and stay generated.

mkdocs-monorepo-plugin replaces `docs_dir` by a temporary folder holding copies of every docs
folder; edit links must be relative to the docs folder *in the repository*, which it keeps.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


def page_file(config: MkDocsConfig, src_uri: str, source: Path | None) -> File:
    """A generated page's File (content in memory, filled in later), reporting `source` as the file behind it.

    Without `source` (the two index pages, made of every file) the File stays plainly generated.
    """
    file = File.generated(config, src_uri, content="")
    if source is not None:
        file.abs_src_path = str(source.absolute())
        file.generated_by = None  # see the module docstring: the in-memory content still wins
    return file


def repository_docs_dir(config: MkDocsConfig) -> str:
    """The docs folder as it is in the repository, which `edit_uri` is relative to.

    mkdocs-monorepo-plugin's on_config swaps `config.docs_dir` for a temporary copy (in either plugin
    order, before any on_files) and keeps the original as `originalDocsDir`.
    """
    monorepo = config.plugins.get("monorepo")
    original = getattr(monorepo, "originalDocsDir", None)
    return original if isinstance(original, str) and original else config.docs_dir


def edit_path(source: Path, docs_dir: str) -> str:
    """`source` as a page's `edit_uri` (relative to the docs folder), URL-quoted.

    Quoted: themes print edit_url into an href without escaping, and file names are free text.
    """
    return quote(Path(os.path.relpath(source.absolute(), os.path.abspath(docs_dir))).as_posix())


def repository_path(abs_src_path: str, config: MkDocsConfig) -> Path:
    """Where a file of `files` is in the repository: monorepo's copies map back to the folder they came from.

    monorepo copies each docs folder (the root's, and each `!include`d site's under its alias) into
    one temporary folder; its `merger.docs_dirs` lists them as [alias, original folder]. The longest
    alias holding the file wins (the root's alias is "").
    """
    path = Path(abs_src_path)
    monorepo = config.plugins.get("monorepo")
    merged = getattr(getattr(monorepo, "merger", None), "docs_dirs", None)
    if not merged or not path.is_relative_to(config.docs_dir):
        return path
    rel = path.relative_to(config.docs_dir)
    for alias, original in sorted(merged, key=lambda pair: -len(pair[0])):
        prefix = Path(*alias.split("/")) if alias else Path()
        if rel.is_relative_to(prefix):
            return Path(original) / rel.relative_to(prefix)
    return path


def without_history(config: MkDocsConfig, src_uris: list[str]) -> list[str]:
    """Tell mkdocs-git-authors that these generated pages (the index pages) have no file to blame.

    git-authors skips generated files when it reads the history (on_files) but still runs
    `git blame None` for them when rendering (on_page_context), which warns "None has not been
    committed yet" and so fails `--strict`. Its own answer for such pages is its `exclude` option;
    the index pages are added to it here, since no file of the repository is their source.
    Returns what was added, to say so in the log.
    """
    added: list[str] = []
    for plugin in config.plugins.values():
        if not type(plugin).__module__.startswith("mkdocs_git_authors_plugin"):
            continue
        exclude = plugin.config.get("exclude")
        if not isinstance(exclude, list):
            continue
        for uri in src_uris:
            if uri not in exclude:
                exclude.append(uri)
                added.append(uri)
    return added
