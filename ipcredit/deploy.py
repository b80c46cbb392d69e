"""Publish a built site: upload only what changed, delete what was withdrawn.

    python -m ipcredit.deploy rsync public/ deploy@host:/srv/www/ipcredit/
    python -m ipcredit.deploy s3 public/ s3://bucket/prefix --endpoint-url https://obs.example.cn
    python -m ipcredit.deploy pages public/

GitHub Pages is deployed by the nightly workflow with the official actions, which take the
whole site and at most 1 GB of it: ``pages`` only checks that the site fits (:func:`pages_fit`),
warning from 80% of the limit and failing above it. Two targets are deployed from here:

- rsync: ``rsync -a --checksum --delete-after --delay-updates``; files whose bytes did not
  change are not sent (compared by checksum, not by time: a rebuild rewrites files), new
  files are put in place together at the end, and withdrawn ones are deleted after that.
  Cache headers are the web server's business (docs/publishing.md has the nginx lines).
- S3-compatible object stores (AWS, and the S3 APIs of Chinese government clouds): the bucket
  is listed once, each local file's MD5 is compared with the object's ETag (a single PUT's
  ETag is its MD5), only differing files are PUT, with a Content-Type and the Cache-Control
  of :func:`cache_control`, and objects with no local file are deleted last. Data, assets and
  search shards go up before the pages that link them and the search manifest goes last, so
  a visitor mid-deploy meets no broken link. ``aws s3 sync`` was not used: it compares size
  and modification time, so it would re-send every rewritten file (or, with --size-only,
  miss a same-length change such as a new as-of date).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import mimetypes
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHORT = "public, max-age=300, must-revalidate"  # pages, feeds, datasets: withdrawals show within 5 min
REVALIDATE = "no-cache"  # the search manifest: always asked again (its ETag makes that cheap)
STATIC = "public, max-age=3600"  # CSS, JS, icons whose names carry no content hash
IMMUTABLE = "public, max-age=31536000, immutable"  # names that carry a content hash
HASHED = re.compile(r"\.[0-9a-f]{8,}\.[a-z0-9]+$")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".bin": "application/octet-stream",  # gzipped search files, inflated by search.js itself
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cache_control(relative: str) -> str:
    """The Cache-Control header of a site file, by its path relative to the site root.

    Search shards (``search-index/{t,p,d}/N.bin``) are named by number, not content: the
    page fetches them with the manifest's version in the query, so a browser never mixes
    versions, but a CDN that ignores query strings could; so they get the short policy.
    """
    if relative == "search-index/manifest.json":
        return REVALIDATE
    if HASHED.search(relative):
        return IMMUTABLE
    if relative.startswith("static/"):
        return STATIC
    return SHORT


def content_type(relative: str) -> str:
    suffix = Path(relative).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"


def upload_order(relative: str) -> int:
    """Linked files first, then the pages linking them, the search manifest last."""
    if relative == "search-index/manifest.json":
        return 2
    return 1 if relative.endswith(".html") else 0


@dataclass
class Report:
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return f"uploaded {len(self.uploaded)}, deleted {len(self.deleted)}, unchanged {self.unchanged}"


def site_files(site: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield path.relative_to(site).as_posix(), path


def md5(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "md5").hexdigest()


# --- rsync ----------------------------------------------------------------------------------


def rsync_command(site: Path, destination: str, dry_run: bool = False) -> list[str]:
    command = ["rsync", "-a", "--checksum", "--delete-after", "--delay-updates", "--itemize-changes"]
    return [*command, *(["--dry-run"] if dry_run else []), f"{site.as_posix().rstrip('/')}/", destination]


def rsync(site: Path, destination: str, dry_run: bool = False) -> Report:
    """Mirror ``site`` to ``destination`` (a folder, or ``host:path`` over ssh) with rsync."""
    done = subprocess.run(rsync_command(site, destination, dry_run), capture_output=True, text=True)
    if done.returncode != 0:
        raise DeployError(f"rsync failed ({done.returncode}): {done.stderr.strip()}")
    report = Report()
    for line in done.stdout.splitlines():
        flags, _, name = line.partition(" ")
        if flags == "*deleting" and not name.endswith("/"):  # files only, as the S3 report counts
            report.deleted.append(name.strip())
        elif flags[:2] in {"<f", ">f"}:
            report.uploaded.append(name.strip())
    report.unchanged = sum(1 for _ in site_files(site)) - len(report.uploaded)
    return report


# --- S3-compatible object stores -------------------------------------------------------------


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → (bucket, "some/prefix/")."""
    match = re.fullmatch(r"s3://([^/]+)/?(.*)", url)
    if not match:
        raise DeployError(f"not an s3://bucket/prefix URL: {url!r}")
    prefix = match.group(2).strip("/")
    return match.group(1), f"{prefix}/" if prefix else ""


def remote_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    """Every object under the prefix and its ETag (quotes removed); one request per 1,000."""
    found: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", ()):
            found[item["Key"][len(prefix) :]] = item["ETag"].strip('"')
    return found


def s3_sync(
    client: Any, site: Path, bucket: str, prefix: str = "", everything: bool = False, dry_run: bool = False
) -> Report:
    """Make ``s3://bucket/prefix`` equal ``site``: PUT new and changed files, delete the rest.

    ``everything`` re-sends every file (after a change of :func:`cache_control`, which an
    unchanged file's ETag cannot show)."""
    remote = remote_etags(client, bucket, prefix)
    local = dict(site_files(site))
    report = Report()
    changed = [name for name, path in local.items() if everything or remote.get(name) != md5(path)]
    report.unchanged = len(local) - len(changed)
    changed.sort(key=lambda name: (upload_order(name), name))

    def put(name: str) -> str:
        path = local[name]
        digest = base64.b64encode(bytes.fromhex(md5(path))).decode()
        with path.open("rb") as body:  # one PUT per file, so the ETag stays the file's MD5
            client.put_object(
                Bucket=bucket,
                Key=prefix + name,
                Body=body,
                ContentMD5=digest,
                ContentType=content_type(name),
                CacheControl=cache_control(name),
            )
        return name

    for stage in sorted({upload_order(name) for name in changed}):
        batch = [name for name in changed if upload_order(name) == stage]
        if dry_run:
            report.uploaded += batch
            continue
        with ThreadPoolExecutor(max_workers=8) as pool:  # the network, not the CPU, is the limit
            report.uploaded += list(pool.map(put, batch))
    withdrawn = sorted(set(remote) - set(local))
    for start in range(0, len(withdrawn), 1000):  # DeleteObjects takes at most 1,000 keys
        batch = withdrawn[start : start + 1000]
        if not dry_run:
            answer = client.delete_objects(
                Bucket=bucket, Delete={"Objects": [{"Key": prefix + k} for k in batch], "Quiet": True}
            )
            if answer.get("Errors"):
                raise DeployError(f"could not delete: {answer['Errors'][:5]}")
        report.deleted += batch
    return report


def s3_client(endpoint_url: str | None, region: str | None, addressing_style: str) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": addressing_style}, retries={"max_attempts": 10, "mode": "standard"}
    )
    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)


# --- GitHub Pages -------------------------------------------------------------------------------

PAGES_LIMIT = 10**9  # "Published GitHub Pages sites may be no larger than 1 GB" (GitHub's docs)
PAGES_WARNING = 0.8  # from here on, each night warns: time to move before the site passes


@dataclass(frozen=True)
class Fit:
    """The site's size against GitHub Pages' limit (the bytes of its files, as GitHub counts)."""

    size: int
    files: int
    limit: int = PAGES_LIMIT

    @property
    def share(self) -> float:
        return self.size / self.limit

    def __str__(self) -> str:
        return f"{self.size / 1e9:.2f} GB in {self.files:,} files ({self.share:.0%} of the {self.limit / 1e9:g} GB limit)"


def pages_fit(site: Path, limit: int = PAGES_LIMIT) -> Fit:
    # os.walk and one stat a file: at 325,000 files 2.3 s of CPU, against 18 s with pathlib's walk.
    sizes = [
        os.stat(os.path.join(folder, name)).st_size for folder, _, names in os.walk(site) for name in names
    ]
    return Fit(sum(sizes), len(sizes), limit)


def check_pages(site: Path, limit: int = PAGES_LIMIT) -> int:
    """Say whether ``site`` fits GitHub Pages: 0 when it does (with a warning from 80% of the
    limit), 1 when it is over, 2 when it cannot be measured. The nightly workflow deploys even
    then (records that left the site today must leave the live one too) and fails the run
    afterwards, so it shows red."""
    try:
        fit = pages_fit(site, limit)
    except OSError as error:  # a broken link or an unreadable folder: the upload would fail on it too
        print(f"error: cannot measure the site: {error}", file=sys.stderr)
        return 2
    move = "deploy by rsync or to an S3-compatible object store instead (docs/publishing.md)"
    if fit.share > 1:
        annotate(
            "error",
            f"the site is over GitHub Pages' size limit: {fit}; GitHub may refuse the deployment. Now {move}.",
        )
        return 1
    if fit.share >= PAGES_WARNING:
        annotate("warning", f"the site nears GitHub Pages' size limit: {fit}. Before it passes, {move}.")
    else:
        print(f"the site fits GitHub Pages: {fit}")
    return 0


def annotate(level: str, message: str) -> None:
    """``level: message`` on stderr; in GitHub Actions, an annotation shown on the run's page."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::{level} title=GitHub Pages::{escaped}", flush=True)
    else:
        print(f"{level}: {message}", file=sys.stderr)


class DeployError(Exception):
    """A target refused or failed; the message says which and why."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m ipcredit.deploy", description=__doc__.splitlines()[0])
    targets = top.add_subparsers(dest="target", required=True)
    to_rsync = targets.add_parser("rsync", help="mirror to a folder or host:path with rsync")
    to_s3 = targets.add_parser("s3", help="mirror to an S3-compatible object store")
    for target in (to_rsync, to_s3):
        target.add_argument("site", type=Path, help="the built site (public/)")
        target.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    to_rsync.add_argument("destination", help="a folder, or user@host:/path (over ssh)")
    to_s3.add_argument("destination", help="s3://bucket/prefix")
    to_s3.add_argument("--endpoint-url", help="the store's S3 endpoint (default AWS, or $AWS_ENDPOINT_URL)")
    to_s3.add_argument("--region", help="the bucket's region (default $AWS_DEFAULT_REGION)")
    to_s3.add_argument(
        "--addressing-style", choices=("auto", "virtual", "path"), default="auto",
        help="virtual (bucket.host) or path (host/bucket) style URLs; most Chinese clouds need virtual",
    )  # fmt: skip
    to_s3.add_argument("--all", action="store_true", help="re-send every file (after a cache policy change)")
    to_pages = targets.add_parser("pages", help="check that the site fits GitHub Pages (1 GB)")
    to_pages.add_argument("site", type=Path, help="the built site (public/)")
    to_pages.add_argument("--limit", type=_bytes, default=PAGES_LIMIT, help="bytes (default: GitHub's 1 GB)")
    return top


def _bytes(text: str) -> int:
    value = int(text)  # argparse reports a ValueError as an invalid value
    if value <= 0:
        raise argparse.ArgumentTypeError(f"a limit is a positive number of bytes, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: not a built site (no index.html): {args.site}", file=sys.stderr)
        return 2
    if args.target == "pages":
        return check_pages(args.site, args.limit)
    try:
        if args.target == "rsync":
            report = rsync(args.site, args.destination, args.dry_run)
        else:
            from botocore.exceptions import BotoCoreError, ClientError

            try:
                bucket, prefix = parse_s3_url(args.destination)
                client = s3_client(args.endpoint_url, args.region, args.addressing_style)
                report = s3_sync(client, args.site, bucket, prefix, args.all, args.dry_run)
            except (BotoCoreError, ClientError) as error:  # credentials, network, permissions
                raise DeployError(f"the object store refused: {error}") from error
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{'would deploy' if args.dry_run else 'deployed'} {args.site} to {args.destination}: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
