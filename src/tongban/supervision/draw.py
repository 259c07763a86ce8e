"""双随机 — the verifiable draw (pure Python, no Django).

Anyone holding the published seed, the published pool snapshot and the shares can recompute the
draw with this module alone (docs/supervision.md gives the same algorithm in words):

1. **Seed** (in the spirit of RFC 3797). Before the draw the department announces which public
   values it will use (e.g. a lottery result or an index close on a named future date). After
   they are known, each value is canonicalised (`canonical_source`: trimmed, inner whitespace
   collapsed, full-width digits/letters folded, upper-cased), the values are joined with "/" in
   the announced order, and seed = SHA-256(UTF-8 of that text), as 64 hex digits.
2. **Subjects.** The pool is split into strata by (credit class, risk class). In a stratum of
   n subjects with share p %, k = ceil(n × p / 100) subjects are drawn (p = 0 → none). Each
   subject gets the score SHA-256(seed ‖ "|S|" ‖ plan ‖ "|" ‖ subject key) (bytes, compared as a
   big-endian number); the k lowest scores are drawn, ties broken by the key. No database order
   is used anywhere: only keys and scores.
3. **Inspectors.** Drawn subjects are served in score order. For each, the eligible inspectors
   are those covering its region (or the whole district), sorted by key; the j-th candidate is
   eligible[int(SHA-256(seed ‖ "|I|" ‖ plan ‖ "|" ‖ subject key ‖ "|" ‖ j)) mod len(eligible)]
   for j = 0, 1, 2 …; a candidate already chosen for this subject, linked to the subject
   (回避: kin, former employer …) or among the inspectors of the subject's previous inspection
   (never twice in a row) is skipped. After 8 × len(eligible) tries the remaining eligible
   inspectors are taken in key order from a hash-chosen offset, so the draw always ends.
   A subject that cannot get `per_subject` inspectors is reported as short (not silently drawn).
4. **Digests.** pool digest = SHA-256 of the canonical JSON of the pool snapshot; result digest =
   SHA-256 of the canonical JSON of [[subject key, [inspector keys…]], …] in draw order. Both are
   published with the draw; `manage.py verify_draw PLAN` recomputes them.
"""

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ALGORITHM = "tongban-draw-v1"
FALLBACK_TRIES = 8  # tries per eligible inspector before the deterministic sweep


def canonical_source(value: str) -> str:
    """One announced public value as it enters the seed: NFKC (full-width → half-width), no
    surrounding or repeated whitespace, upper case."""
    return " ".join(unicodedata.normalize("NFKC", value).split()).upper()


def seed_from_sources(values: Iterable[str]) -> str:
    """seed = SHA-256 of the canonical values joined by "/" (announced order kept)."""
    text = "/".join(canonical_source(value) for value in values)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Subject:
    key: str  # 统一社会信用代码
    credit_class: str  # A B C D, or U (未评价)
    risk_class: str  # low medium high
    region: str  # region code


@dataclass(frozen=True)
class Inspector:
    key: str  # username (or certificate number): stable and published
    regions: tuple[str, ...]  # region codes covered; empty = the whole district


@dataclass(frozen=True)
class Pool:
    subjects: tuple[Subject, ...]
    inspectors: tuple[Inspector, ...]
    links: frozenset[tuple[str, str]] = frozenset()  # (inspector key, subject key) 回避
    previous: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # subject → last inspectors

    def snapshot(self) -> dict:
        """The pool as published (canonical: sorted by key)."""
        return {
            "subjects": [[s.key, s.credit_class, s.risk_class, s.region]
                         for s in sorted(self.subjects, key=lambda s: s.key)],
            "inspectors": [[i.key, sorted(i.regions)] for i in sorted(self.inspectors, key=lambda i: i.key)],
            "links": sorted([list(link) for link in self.links]),
            "previous": {key: sorted(value) for key, value in sorted(self.previous.items())},
        }

    @classmethod
    def from_snapshot(cls, data: Mapping) -> "Pool":
        return cls(
            subjects=tuple(Subject(*row) for row in data["subjects"]),
            inspectors=tuple(Inspector(row[0], tuple(row[1])) for row in data["inspectors"]),
            links=frozenset((a, b) for a, b in data["links"]),
            previous={key: tuple(value) for key, value in data["previous"].items()},
        )


def canonical_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(value) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def stratum(subject: Subject) -> str:
    return f"{subject.credit_class}-{subject.risk_class}"


@dataclass(frozen=True)
class Result:
    assignments: tuple[tuple[str, tuple[str, ...]], ...]  # (subject key, inspector keys) in draw order
    short: tuple[str, ...]  # subjects that could not get enough inspectors without a conflict
    counts: Mapping[str, tuple[int, int]]  # stratum → (pool size, drawn)

    @property
    def digest(self) -> str:
        return digest([[key, list(inspectors)] for key, inspectors in self.assignments])


def _score(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def quota(size: int, share_percent) -> int:
    """ceil(size × share / 100), share in percent (int or Decimal), never more than size."""
    if size <= 0 or share_percent <= 0:
        return 0
    scaled = size * share_percent
    whole = int(scaled // 100)
    return min(size, whole + (1 if scaled > whole * 100 else 0))


def draw(*, seed: str, plan: str, pool: Pool, shares: Mapping[str, object], per_subject: int) -> Result:
    """The draw of `plan` from `seed` (see the module docstring); pure and deterministic."""
    strata: dict[str, list[tuple[bytes, str, Subject]]] = {}
    prefix = hashlib.sha256(f"{seed}|S|{plan}|".encode())  # the same bytes as _score(seed, "S", plan, key)
    for subject in pool.subjects:
        hasher = prefix.copy()
        hasher.update(subject.key.encode())
        name = f"{subject.credit_class}-{subject.risk_class}"
        rows = strata.get(name)
        if rows is None:
            rows = strata[name] = []
        rows.append((hasher.digest(), subject.key, subject))
    chosen: list[tuple[bytes, str, Subject]] = []
    counts: dict[str, tuple[int, int]] = {}
    for name in sorted(strata):
        rows = strata[name]
        k = quota(len(rows), shares.get(name, 0))
        rows.sort()  # by score, then key (scores are distinct digests: Subject itself is never compared)
        chosen.extend(rows[:k])
        counts[name] = (len(rows), k)
    chosen.sort()

    district_wide = sorted(i.key for i in pool.inspectors if not i.regions)
    by_region: dict[str, list[str]] = {}
    for inspector in pool.inspectors:
        for region in inspector.regions:
            by_region.setdefault(region, []).append(inspector.key)
    eligible_cache: dict[str, list[str]] = {}
    linked: dict[str, set[str]] = {}
    for inspector_key, subject_key in pool.links:
        linked.setdefault(subject_key, set()).add(inspector_key)

    assignments, short = [], []
    for _, key, subject in chosen:
        eligible = eligible_cache.get(subject.region)
        if eligible is None:
            eligible = eligible_cache[subject.region] = sorted(set(district_wide) | set(by_region.get(subject.region, ())))
        barred = linked.get(key, set()) | set(pool.previous.get(key, ()))
        picked: list[str] = []
        size = len(eligible)
        j = 0
        while size and len(picked) < per_subject and j < FALLBACK_TRIES * size:
            candidate = eligible[int.from_bytes(_score(seed, "I", plan, key, str(j)), "big") % size]
            j += 1
            if candidate not in barred and candidate not in picked:
                picked.append(candidate)
        if size and len(picked) < per_subject:  # deterministic sweep from a hash-chosen offset
            start = int.from_bytes(_score(seed, "O", plan, key), "big") % size
            for step in range(size):
                candidate = eligible[(start + step) % size]
                if len(picked) == per_subject:
                    break
                if candidate not in barred and candidate not in picked:
                    picked.append(candidate)
        if len(picked) < per_subject:
            short.append(key)
        assignments.append((key, tuple(picked)))
    return Result(tuple(assignments), tuple(short), counts)
