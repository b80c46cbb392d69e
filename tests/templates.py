"""Compiled templates shared by every app a test process makes.

Each test builds its own app (the product makes one per build), and compiling the site's
templates again for each was a third of the time of the output and web tests. Jinja's bytecode
cache interface lets an environment take a template's compiled code instead of compiling it; this
one keeps the code objects in memory (nothing is serialised), keyed by the template, its source's
checksum and every environment setting the compiler reads, so a changed template or another
configuration compiles afresh. Subprocess builds (``python build.py``) still compile as a
deployment does.
"""

from __future__ import annotations

from types import CodeType

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache


def compiler_settings(environment: Environment, name: str) -> tuple:
    """What the compiled code of template ``name`` depends on besides its source."""
    autoescape = environment.autoescape
    return (
        name,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        tuple(sorted(environment.extensions)),
        environment.optimized,
        environment.finalize is not None,
        environment.is_async,
        autoescape(name) if callable(autoescape) else autoescape,
    )


class _Bucket(Bucket):
    def __init__(self, environment: Environment, key: tuple, code: CodeType | None) -> None:
        super().__init__(environment, repr(key), key[1])
        self.settings, self.code = key, code


class CompiledTemplates(BytecodeCache):
    """Template code objects in memory, for the life of one test process."""

    def __init__(self) -> None:
        self.code: dict[tuple, CodeType] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = (filename, self.get_source_checksum(source), *compiler_settings(environment, name))
        return _Bucket(environment, key, self.code.get(key))

    def set_bucket(self, bucket: _Bucket) -> None:
        self.code[bucket.settings] = bucket.code

    def load_bytecode(self, bucket: Bucket) -> None:  # the buckets above are filled directly
        raise NotImplementedError

    def dump_bytecode(self, bucket: Bucket) -> None:
        raise NotImplementedError
