"""The ``woo-redact`` command (``python -m pipeline``): a thin shell over ``pipeline.api``.

User mistakes end in one line on stderr and exit code 2; documents that need
attention in exit code 1; never a traceback for either.
"""

from __future__ import annotations

import sys

import click

from pipeline import __version__
from pipeline.errors import EXIT_USAGE, WooRedactError
from pipeline.status import ExitCode, Status


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="woo-redact")
def cli() -> None:
    """Make Dutch government PDFs ready for release under the Woo (lakken)."""


_rules_opt = click.option(
    "--rules",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Rules file (default: rules/default.yaml).",
)
_workers_opt = click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes (default: number of CPUs; 0 runs in-process).",
)
_timeout_opt = click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=900.0,
    show_default=True,
    help="Seconds one document may take before it is marked failed.",
)
_key_opt = click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Fingerprint key (default: OUT/.woo-redact/fingerprint.key; keep it private).",
)
_log_text_opt = click.option(
    "--log-text",
    is_flag=True,
    help="Also store the original strings in audit.jsonl (internal review only: "
    "the log then contains personal data).",
)
_quiet_opt = click.option("--quiet", "-q", is_flag=True, help="No progress or summary; problems only.")


def _summarise(summary, out_dir: str, quiet: bool) -> None:
    if not quiet:
        counts = summary.counts
        parts = []
        for status, n in sorted(counts.items(), key=lambda kv: (kv[0] != Status.RELEASED, kv[0])):
            if status == Status.RELEASED and getattr(summary, "latest", None):
                partly = summary.partly_redacted
                parts.append(f"{n} released ({partly} partly redacted, {n - partly} without redactions)")
            else:
                parts.append(f"{n} {status}")
        listed = ", ".join(parts)
        resumed = f" ({summary.skipped} unchanged from an earlier run)" if summary.skipped else ""
        click.echo(
            f"woo-redact: {summary.total} document(s): {listed}{resumed}; output in {out_dir}", err=True
        )


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=str),
    help="Output folder (documents/, text/, audit.jsonl, inventory, manifest).",
)
@_rules_opt
@_workers_opt
@_timeout_opt
@_key_opt
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where documents are processed: local worker processes or a Dask cluster.",
)
@click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786.")
@_log_text_opt
@click.option(
    "--extractor",
    type=click.Choice(["pdfium", "pdfplumber"]),
    default="pdfium",
    show_default=True,
    help="Character extraction engine (same coordinates; pdfium is ~5x faster).",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=256),
    default=4096,
    show_default=True,
    help="Memory (MB) one worker may use; a document that needs more is marked failed.",
)
@click.option(
    "--thorough-verify",
    is_flag=True,
    help="Also re-read every output with pdfplumber, a third extractor (about 2x slower); "
    "the default reads it with pypdfium2 and pdftotext and searches the raw bytes.",
)
@click.option("--fast-verify", is_flag=True, hidden=True, help="The default verification (kept for scripts).")
@click.option("--publisher", default=None, help="DiWoo publisher: TOOI URI, optionally followed by its name.")
@click.option("--category", "categories", multiple=True, help="DiWoo informatiecategorie (URI, code, name).")
@_quiet_opt
def run(
    inputs,
    out_dir,
    rules,
    workers,
    timeout,
    key_file,
    executor,
    scheduler,
    log_text,
    extractor,
    max_memory,
    thorough_verify,
    fast_verify,
    publisher,
    categories,
    quiet,
) -> None:
    """Redact, verify and record every document in INPUTS (files or folders, searched recursively)."""
    from pipeline.api import run as api_run
    from pipeline.options import RunOptions

    if thorough_verify and fast_verify:
        raise click.UsageError("--thorough-verify and --fast-verify exclude each other")
    options = RunOptions(
        workers=workers,
        timeout=timeout,
        key_file=key_file,
        executor=executor,
        scheduler=scheduler,
        log_text=log_text,
        quiet=quiet,
        extractor=extractor,
        max_memory_mb=max_memory,
        verify="thorough" if thorough_verify else "fast",
        publisher=publisher,
        categories=tuple(categories),
    )
    summary = api_run(inputs, out_dir, rules, options=options)
    _summarise(summary, out_dir, quiet)
    sys.exit(summary.exit_code)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=str),
    help="Output folder; the proposals go to OUT/review/.",
)
@_rules_opt
@_workers_opt
@_timeout_opt
@_quiet_opt
def scan(inputs, out_dir, rules, workers, timeout, quiet) -> None:
    """Propose redactions for review (OUT/review/findings.csv and one HTML page per document)."""
    from pipeline.api import scan as api_scan

    summary = api_scan(inputs, out_dir, rules, workers=workers, timeout=timeout, quiet=quiet)
    _summarise(summary, out_dir, quiet)
    if not quiet:
        click.echo(
            f"woo-redact: review {out_dir}/review/findings.csv, then run "
            f"'woo-redact apply {out_dir} --reviewer NAME'",
            err=True,
        )
    sys.exit(ExitCode.OK if set(summary.counts) <= {Status.PROPOSED} else ExitCode.ATTENTION)


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True, path_type=str))
@click.option("--reviewer", required=True, help="Name of the person who reviewed the proposals (logged).")
@_rules_opt
@_workers_opt
@_timeout_opt
@_key_opt
@_log_text_opt
@_quiet_opt
def apply(out_dir, reviewer, rules, workers, timeout, key_file, log_text, quiet) -> None:
    """Write the documents of a scanned batch from the reviewed decisions, verified as 'run' does."""
    from pipeline.api import apply as api_apply

    summary = api_apply(
        out_dir,
        reviewer,
        rules,
        workers=workers,
        timeout=timeout,
        key_file=key_file,
        log_text=log_text,
        quiet=quiet,
    )
    _summarise(summary, out_dir, quiet)
    sys.exit(summary.exit_code)


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True, path_type=str))
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: a free one)."
)
@click.option("--no-browser", is_flag=True, help="Only print the URL; do not open the browser.")
@_rules_opt
def review(out_dir, port, no_browser, rules) -> None:
    """Check and correct a scanned batch in the browser (a local app on 127.0.0.1; saves to findings.csv)."""
    from pipeline.review_app import serve

    serve(out_dir, port=port, browser=not no_browser, rules=rules)


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, exists=True, path_type=str))
@_key_opt
@click.option(
    "--no-leak-check",
    is_flag=True,
    help="Skip the fingerprint leak re-check (for auditors who have only the published folder, no key).",
)
def verify(out_dir, key_file, no_leak_check) -> None:
    """Check an output folder: audit chain, output hashes, inventory, and a fresh leak check."""
    from pathlib import Path

    from pipeline.audit_check import check_output, format_result

    result = check_output(Path(out_dir), Path(key_file) if key_file else None, leak_check=not no_leak_check)
    click.echo(format_result(result), err=True)
    sys.exit(ExitCode.OK if result.ok else ExitCode.ATTENTION)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except WooRedactError as exc:
        click.echo(f"woo-redact: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("woo-redact: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("woo-redact: interrupted; run the same command again to resume", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
