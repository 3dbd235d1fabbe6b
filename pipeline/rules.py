"""Load and validate the redaction rules (``rules/*.yaml``): configuration is data.

A mistake in a rules file must stop the run before any document is touched, with a
message naming the file and the key: an unknown ground code silently ignored would
release personal data under the wrong (or no) legal ground.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline._data import RULES
from pipeline.errors import ConfigError
from pipeline.recognizers import custom as custom_recognizers
from pipeline.recognizers import registry as recognizer_registry
from pipeline.recognizers.custom import CustomPattern

# The rules shipped with woo-redact (in the package, so an installed copy finds them too).
DEFAULT_RULES = RULES / "default.yaml"


def rules_source(path: Path) -> str:
    """Where a rules file came from, for the manifest: the shipped defaults or a site's own file."""
    try:
        shipped = Path(path).resolve().parent == DEFAULT_RULES.resolve().parent
    except OSError:
        shipped = False
    return "shipped with woo-redact" if shipped else "site rules file"


@dataclass(frozen=True)
class EntityRule:
    ground: str
    min_score: float


@dataclass(frozen=True)
class DenyRule:
    text: str
    ground: str


@dataclass
class Rules:
    """A validated rules file plus the tables it refers to."""

    path: Path
    sha256: str
    grounds: dict[str, str]  # code -> Dutch description
    precedence: list[str]
    model: dict[str, Any]
    entities: dict[str, EntityRule]
    allow: list[str] = field(default_factory=list)
    allow_regex: list[re.Pattern] = field(default_factory=list)
    deny: list[DenyRule] = field(default_factory=list)
    keep_mailboxes: list[str] = field(default_factory=list)
    keep_phone_numbers: list[str] = field(default_factory=list)
    officials: list[dict[str, str]] = field(default_factory=list)
    official_roles: list[str] = field(default_factory=list)
    consistency: bool = True
    custom_recognizers: tuple[CustomPattern, ...] = ()  # site patterns (pipeline.recognizers.custom)
    release: dict[str, Any] = field(default_factory=dict)  # DiWoo release section (pipeline.diwoo)

    @property
    def base(self) -> Path:
        return self.path.parent

    def describe(self, ground: str) -> str:
        return self.grounds.get(ground, "")

    def ground_rank(self, ground: str) -> int:
        """Lower is stronger: used when overlapping redactions carry different grounds."""
        return self.precedence.index(ground) if ground in self.precedence else len(self.precedence)


def _load_yaml(path: Path, what: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{what} not found: {path}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{what} {path} is not valid YAML{where}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{what} {path} must be a mapping of keys to values")
    return data


def _check_ground(code: Any, grounds: dict[str, str], where: str) -> str:
    code = str(code).strip()
    if code not in grounds:
        raise ConfigError(
            f"unknown Woo ground {code!r} in {where}; known grounds: {', '.join(sorted(grounds))}"
        )
    return code


def load_rules(path: Path | None = None) -> Rules:
    """Read a rules file and everything it refers to; raise ConfigError on any mistake."""
    path = Path(path) if path else DEFAULT_RULES
    path = path.resolve()
    raw = path.read_bytes() if path.is_file() else None
    if raw is None:
        raise ConfigError(f"rules file not found: {path}")
    data = _load_yaml(path, "rules file")
    known = {
        "version",
        "grounds",
        "public_officials",
        "model",
        "entities",
        "allow",
        "deny",
        "keep_mailboxes",
        "keep_phone_numbers",
        "consistency",
        "recognizers",
        "release",  # DiWoo release configuration (pipeline.diwoo)
    }
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"rules file {path}: unknown key(s) {', '.join(sorted(unknown))}")

    gpath = path.parent / str(data.get("grounds", "grounds.yaml"))
    gdata = _load_yaml(gpath, "ground table")
    grounds = {str(k): str(v) for k, v in (gdata.get("grounds") or {}).items()}
    if not grounds:
        raise ConfigError(f"ground table {gpath} lists no grounds")
    precedence = [_check_ground(g, grounds, f"{gpath}: precedence") for g in gdata.get("precedence", [])]

    entities: dict[str, EntityRule] = {}
    for name, spec in (data.get("entities") or {}).items():
        if not isinstance(spec, dict) or "ground" not in spec:
            raise ConfigError(f"rules file {path}: entities.{name} needs a 'ground'")
        score = spec.get("min_score", 0.5)
        if not isinstance(score, (int, float)) or not 0 <= score <= 1:
            raise ConfigError(f"rules file {path}: entities.{name}.min_score must be between 0 and 1")
        entities[str(name)] = EntityRule(
            _check_ground(spec["ground"], grounds, f"{path}: entities.{name}"), float(score)
        )
    if not entities:
        raise ConfigError(f"rules file {path}: 'entities' is empty, nothing would be redacted")

    custom = custom_recognizers.parse(
        data.get("recognizers"), f"rules file {path}", set(entities), set(recognizer_registry.names())
    )

    model = data.get("model")
    if not isinstance(model, dict) or not ({"path", "package", "blank"} & set(model)):
        raise ConfigError(f"rules file {path}: 'model' needs one of path, package or blank")

    allow, allow_regex = [], []
    for item in data.get("allow") or []:
        s = str(item)
        if s.startswith("re:"):
            try:
                allow_regex.append(re.compile(s[3:], re.IGNORECASE))
            except re.error as exc:
                raise ConfigError(f"rules file {path}: bad allow regex {s!r}: {exc}") from exc
        else:
            allow.append(s)

    deny = []
    for item in data.get("deny") or []:
        if isinstance(item, str):
            deny.append(DenyRule(item, "5.1.2e"))
        elif isinstance(item, dict) and "text" in item:
            deny.append(
                DenyRule(
                    str(item["text"]), _check_ground(item.get("ground", "5.1.2e"), grounds, f"{path}: deny")
                )
            )
        else:
            raise ConfigError(f"rules file {path}: each deny entry is a string or {{text:, ground:}}")

    officials: list[dict[str, str]] = []
    roles: list[str] = []
    registries = data.get("public_officials") or []  # one file, or a list: the shipped one and your own
    for reg in [registries] if isinstance(registries, str) else registries:
        odata = _load_yaml(path.parent / str(reg), "public officials registry")
        for o in odata.get("officials") or []:
            if not isinstance(o, dict) or not o.get("name"):
                raise ConfigError("public officials registry: each official needs a 'name'")
            officials.append({"name": str(o["name"]), "role": str(o.get("role", ""))})
        roles += [str(r) for r in odata.get("roles") or [] if str(r) not in roles]

    return Rules(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        grounds=grounds,
        precedence=precedence,
        model=dict(model),
        entities=entities,
        allow=allow,
        allow_regex=allow_regex,
        deny=deny,
        keep_mailboxes=[str(m).lower() for m in data.get("keep_mailboxes") or []],
        keep_phone_numbers=[re.sub(r"\D", "", str(n)) for n in data.get("keep_phone_numbers") or []],
        officials=officials,
        official_roles=roles,
        consistency=bool(data.get("consistency", True)),
        custom_recognizers=custom,
        release=dict(data.get("release") or {}),
    )
