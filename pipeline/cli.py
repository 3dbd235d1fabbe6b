"""The ``woo-redact`` command (``python -m pipeline``): a thin shell over ``pipeline.api``.

User mistakes end in one line on stderr and exit code 2; documents that need
attention in exit code 1; never a traceback for either.
"""

from __future__ import annotations

import sys

import click

from pipeline import __version__
from pipeline.errors import EXIT_USAGE, WooRedactError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="woo-redact")
def cli() -> None:
    """Make Dutch government PDFs ready for release under the Woo (lakken)."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Output folder (documents/, text/, audit.jsonl, inventory, manifest).")
@click.option("--rules", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Rules file (default: rules/default.yaml).")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: number of CPUs; 0 runs in-process).")
@click.option("--timeout", type=click.FloatRange(min=1), default=900.0, show_default=True,
              help="Seconds one document may take before it is marked failed.")
@click.option("--key-file", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Fingerprint key (default: OUT/.woo-redact/fingerprint.key; keep it private).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786.")
@click.option("--quiet", "-q", is_flag=True, help="Only problems on stderr, no summary.")
def run(inputs, out_dir, rules, workers, timeout, key_file, executor, scheduler, quiet) -> None:
    """Redact, verify and record every PDF in INPUTS (files or folders, searched recursively)."""
    from pipeline.api import run as api_run

    summary = api_run(inputs, out_dir, rules, workers=workers, timeout=timeout, key_file=key_file,
                      executor=executor, scheduler=scheduler)
    if not quiet:
        parts = ", ".join(f"{n} {status}" for status, n in sorted(summary.counts.items()))
        resumed = f" ({summary.skipped} unchanged from an earlier run)" if summary.skipped else ""
        click.echo(f"woo-redact: {summary.total} document(s): {parts}{resumed}; output in {out_dir}", err=True)
    sys.exit(summary.exit_code)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except WooRedactError as exc:
        click.echo(f"woo-redact: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("woo-redact: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("woo-redact: interrupted; run the same command again to resume", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
