"""Parse a FHIR R4 Questionnaire (a plain dict) into an `Instrument`.

Plain dict parsing keeps the domain free of heavy dependencies; tests validate the
built-in Questionnaires with `fhir.resources`. The Petrissage scoring extension is
described in `extensions.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TypeVar

from petrissage.domain.outcomes.extensions import (
    CALCULATED_URLS,
    CODE_SOURCE_URL,
    LOINC,
    MAX_VALUE_URL,
    MIN_VALUE_URL,
    ORDINAL_VALUE_URL,
    ScoringParams,
    extension_value,
    extensions,
    sub_extensions,
    to_decimal,
)
from petrissage.domain.outcomes.model import (
    AnswerOption,
    CodeRef,
    Direction,
    Instrument,
    InstrumentError,
    Item,
    Measures,
    ScoringRule,
    Threshold,
    display_number,
)

Json = Mapping[str, object]
E = TypeVar("E", ScoringRule, Direction, Measures)
NUMERIC_TYPES = frozenset({"integer", "decimal", "choice"})


def load_questionnaire(resource: Json) -> Instrument:
    """Build an instrument from a FHIR R4 Questionnaire that carries a scoring rule.

    Raises `InstrumentError` naming what is wrong (not a Questionnaire, no scoring rule,
    an item without an answer range, a declared score range the items cannot produce …).
    """
    if not isinstance(resource, Mapping) or resource.get("resourceType") != "Questionnaire":
        raise InstrumentError("not a FHIR Questionnaire: resourceType must be 'Questionnaire'")
    qid = _text(resource, "id", "Questionnaire")
    where = f"Questionnaire {qid!r}"
    params = ScoringParams.from_questionnaire(resource, qid)
    questions = _questions(resource, where)
    scored_ids = _scored_link_ids(params, questions, where)
    items = tuple(_item(questions[link_id], params, where) for link_id in scored_ids)
    rule = _choice(ScoringRule, params.required_text("rule"), "rule", where)
    score_min, score_max = _score_range(rule, items, params, where)
    return Instrument(
        id=qid,
        name=str(resource.get("name") or qid),
        title=str(resource.get("title") or resource.get("name") or qid),
        construct=params.text("construct", "Score") or "Score",
        items=items,
        rule=rule,
        min_answered=_min_answered(params, len(items), where),
        score_min=score_min,
        score_max=score_max,
        direction=_choice(Direction, params.required_text("direction"), "direction", where),
        recall=_recall(params, where),
        measures=_choice(Measures, params.text("measures", "status") or "", "measures", where),
        mcid=_threshold(params, "mcid", where),
        mdc=_threshold(params, "mdc", where),
        anchor=_threshold(params, "anchor", where),
        code=_loinc(resource, where),
        notes=tuple(params.texts("note")),
        unscored_link_ids=frozenset(questions) - frozenset(scored_ids),
    )


def _text(element: Json, key: str, where: str) -> str:
    value = element.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InstrumentError(f"{where}: {key!r} is required and must be text")
    return value


def _walk(element: Json, where: str) -> Iterator[Json]:
    raw = element.get("item", [])
    if not isinstance(raw, list):
        raise InstrumentError(f"{where}: 'item' must be a list")
    for child in raw:
        if not isinstance(child, Mapping):
            raise InstrumentError(f"{where}: every item must be an object")
        yield child
        yield from _walk(child, where)


def _questions(resource: Json, where: str) -> dict[str, Json]:
    found: dict[str, Json] = {}
    for item in _walk(resource, where):
        link_id = _text(item, "linkId", f"{where}: an item")
        if link_id in found:
            raise InstrumentError(f"{where}: linkId {link_id!r} is used twice")
        if item.get("type") not in {"group", "display"}:
            found[link_id] = item
    if not found:
        raise InstrumentError(f"{where} has no questions")
    return found


def _scored_link_ids(params: ScoringParams, questions: dict[str, Json], where: str) -> list[str]:
    scored = params.texts("item")
    if not scored:
        raise InstrumentError(
            f"{where}: the scoring extension must list the scored items ('item' linkIds)"
        )
    if len(set(scored)) != len(scored):
        raise InstrumentError(f"{where}: a scored item is listed twice")
    for link_id in scored:
        if link_id not in questions:
            raise InstrumentError(f"{where}: scored item {link_id!r} is not in the Questionnaire")
        if any(extensions(questions[link_id], url) for url in CALCULATED_URLS):
            raise InstrumentError(
                f"{where}: scored item {link_id!r} is calculated by the Questionnaire, not answered"
            )
    return scored


def _item(raw: Json, params: ScoringParams, where: str) -> Item:
    link_id = str(raw["linkId"])
    here = f"{where}, item {link_id!r}"
    if raw.get("type") not in NUMERIC_TYPES:
        raise InstrumentError(f"{here}: type {raw.get('type')!r} cannot be scored")
    options = _options(raw, here)
    if options:
        low, high = min(o.value for o in options), max(o.value for o in options)
    else:
        low, high = _bounds(raw, params, here)
    if low > high:
        raise InstrumentError(f"{here}: minimum {low} is above maximum {high}")
    return Item(
        link_id=link_id,
        text=str(raw.get("text") or link_id),
        minimum=low,
        maximum=high,
        whole_numbers=raw.get("type") != "decimal",
        options=options,
        code=_first_loinc(raw.get("code"), here),
    )


def _bounds(raw: Json, params: ScoringParams, here: str) -> tuple[Decimal, Decimal]:
    low = _extension_number(raw, MIN_VALUE_URL, here)
    high = _extension_number(raw, MAX_VALUE_URL, here)
    low = low if low is not None else params.number("answerMin")
    high = high if high is not None else params.number("answerMax")
    if low is None or high is None:
        raise InstrumentError(
            f"{here} has no answer range: add minValue/maxValue extensions, answerOption "
            "with ordinalValue, or answerMin/answerMax in the scoring extension"
        )
    return low, high


def _extension_number(element: Json, url: str, here: str) -> Decimal | None:
    found = extensions(element, url)
    if not found:
        return None
    return to_decimal(extension_value(found[0], here), f"{here}: {url.rsplit('/', 1)[-1]}")


def _options(raw: Json, here: str) -> tuple[AnswerOption, ...]:
    options = raw.get("answerOption", [])
    if not isinstance(options, list):
        raise InstrumentError(f"{here}: answerOption must be a list")
    parsed = tuple(_option(option, here) for option in options)
    if len({o.value for o in parsed}) != len(parsed):
        raise InstrumentError(f"{here}: two answer options have the same value")
    return parsed


def _option(option: object, here: str) -> AnswerOption:
    if not isinstance(option, Mapping):
        raise InstrumentError(f"{here}: every answerOption must be an object")
    if "valueInteger" in option:
        value = to_decimal(option["valueInteger"], f"{here}: answerOption")
        return AnswerOption(value=value, label=display_number(value))
    coding = option.get("valueCoding")
    if not isinstance(coding, Mapping):
        raise InstrumentError(f"{here}: answerOption needs valueInteger or valueCoding")
    weight = _extension_number(coding, ORDINAL_VALUE_URL, here)
    weight = weight if weight is not None else _extension_number(option, ORDINAL_VALUE_URL, here)
    if weight is None:
        raise InstrumentError(f"{here}: answerOption {coding.get('code')!r} has no ordinalValue")
    return AnswerOption(value=weight, label=str(coding.get("display") or coding.get("code")))


def _score_range(
    rule: ScoringRule, items: tuple[Item, ...], params: ScoringParams, where: str
) -> tuple[Decimal, Decimal]:
    if rule is ScoringRule.SUM:
        low, high = sum(i.minimum for i in items), sum(i.maximum for i in items)
    else:
        low, high = min(i.minimum for i in items), max(i.maximum for i in items)
    derived = (Decimal(low), Decimal(high))
    for name, actual in zip(("scoreMin", "scoreMax"), derived, strict=True):
        declared = params.number(name)
        if declared is not None and declared != actual:
            span = f"{display_number(derived[0])}–{display_number(derived[1])}"
            raise InstrumentError(
                f"{where}: declared {name} {display_number(declared)} does not match the "
                f"{len(items)} scored items, which give {span} by {rule.value}"
            )
    return derived


def _min_answered(params: ScoringParams, count: int, where: str) -> int:
    value = params.integer("minAnswered")
    if value is None:
        return count
    if not 1 <= value <= count:
        raise InstrumentError(f"{where}: minAnswered must be between 1 and {count}")
    return value


def _recall(params: ScoringParams, where: str) -> str:
    recall = params.text("recall")
    if recall is None:
        # clinical.md §3: every PROM has a recall window; store it with the score.
        raise InstrumentError(f"{where}: scoring setting 'recall' (recall window) is required")
    return recall


def _threshold(params: ScoringParams, prefix: str, where: str) -> Threshold | None:
    points = params.number(f"{prefix}Points")
    percent = params.number("mcidPercent") if prefix == "mcid" else None
    if points is None and percent is None:
        return None
    if points == 0 or percent == 0:
        raise InstrumentError(f"{where}: a {prefix} threshold of 0 would count any change")
    source = params.text(f"{prefix}Source")
    if source is None:
        raise InstrumentError(f"{where}: {prefix} needs '{prefix}Source' naming its source")
    return Threshold(points=points, percent=percent, source=source)


def _choice(kind: type[E], value: str, name: str, where: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InstrumentError(f"{where}: {name} {value!r} is not one of {allowed}") from None


def _loinc(resource: Json, where: str) -> CodeRef | None:
    return _first_loinc(resource.get("code"), where)


def _first_loinc(codes: object, here: str) -> CodeRef | None:
    if codes is None:
        return None
    if not isinstance(codes, list):
        raise InstrumentError(f"{here}: code must be a list of Codings")
    for coding in codes:
        if isinstance(coding, Mapping) and coding.get("system") == LOINC and coding.get("code"):
            return _code_ref(coding, here)
    return None


def _code_ref(coding: Json, here: str) -> CodeRef:
    source, verified = f"as given in {here.split(',')[0]}", False
    for found in extensions(coding, CODE_SOURCE_URL):
        for part in sub_extensions(found, here):
            if part.get("url") == "source":
                source = str(extension_value(part, here))
            if part.get("url") == "verified":
                verified = extension_value(part, here) is True
    return CodeRef(
        system=LOINC,
        code=str(coding["code"]),
        display=str(coding.get("display") or ""),
        source=source,
        verified=verified,
    )
