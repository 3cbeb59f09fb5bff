"""The case list: filters, sorting and paging done by the database, and the search box.

What the search box finds is domain/search.py's rule; how it is found here depends on the text
(bench/startup.py measures the plans on 200,000 cases; a keystroke may take 100 ms):
- a name, in the default order (newest first) on SQLite: walk the covering index
  (received_on, search_text, family, office_id, id) newest first, testing each entry, until a
  page is full; a common name fills it within a few hundred entries, a name nobody has reads
  the index once (about 40 ms), never the table. A name with a rare bigram (≤ RARE_GRAM
  parties) is looked up through party_gram instead, which reads far fewer pages;
- a text common among the newest cases (≥5% of a sample) with another indexed order: walk that
  sort index, which meets a page of matches within a few thousand rows;
- a case number (the text has digits): ranges of the digit-key covering indexes, each giving its
  own newest page, merged;
- a name of two characters or more otherwise: the parties come from the bigram index
  (party_gram) and the cases from their links; few candidates are sorted, many are met walking
  the sort index;
- a name of one character in another order: the matching ids from one scan of the covering
  index, then sorted;
- inside the cases behind a statistics figure: the figure's conditions find its cases and the
  text is tested on each (a few thousand at most), never a lookup of every case with the name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ..domain import search
from ..domain.permissions import Permission
from ..models.case import CaseParty, DisputeCase
from ..models.enums import CaseFamily, CaseStatus, Cause, Procedure
from ..models.office import AppUser, Office
from ..models.party import Party, PartyGram
from .access import require
from .context import Actor
from .errors import NotFound, ValidationFailed
from .offices import subtree_ids, visible_office_ids
from .sql import bytewise, escape_like, no_index

DENSE_SAMPLE = 1500
DENSE_SHARE = 0.05
_INDEXED_SORTS = frozenset({"received_on", "case_number", "status", "amount_claimed", "next_deadline"})


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: uuid.UUID
    case_number: str | None
    family: CaseFamily
    procedure: Procedure
    status: CaseStatus
    applicant_names: str
    respondent_names: str
    cause: Cause
    received_on: date
    office_name: str
    handler_name: str
    amount_claimed: Decimal
    next_deadline: date | None
    green_channel: bool
    collective: bool
    supervised: bool
    small_claims: bool
    search_text: str = ""  # party names folded, as the search matches them

    def matches(self, text: str) -> bool:
        """Whether the search box's ``text`` finds this row: the rule the SQL search applies."""
        needle = search.normalise(text)
        if not needle:
            return True
        if search.searches_case_number(needle):
            return search.number_matches(self.case_number, needle)
        return needle in self.search_text


def text_narrows(old: str, new: str) -> bool:
    """Every row the ``new`` search text finds is among those ``old`` finds (it lengthens it)."""
    o, n = search.normalise(old), search.normalise(new)
    same_target = search.searches_case_number(o) == search.searches_case_number(n)
    return bool(o) and same_target and n.startswith(o) and n != o


@dataclass
class CaseQuery:
    """Filters, sort and page of the case list; every part is done in SQL."""

    text: str = ""  # 案号 or party name, matched anywhere
    family: str | None = None
    procedure: str | None = None
    status: str | None = None  # a CaseStatus, or "open" / "closed"
    office_id: uuid.UUID | None = None  # this office and its sub-offices
    party_id: uuid.UUID | None = None  # cases in which this party appears
    green_channel: bool = False
    collective: bool = False
    supervised: bool = False
    small_claims: bool = False
    mine: bool = False  # 我承办的案件: I handle it, sit on its tribunal or am its clerk (services.tribunal)
    received_from: date | None = None
    received_to: date | None = None
    # the cases behind a KPI figure (统计 → 案件): (kpi key, "numerator" | "denominator", from, to),
    # and for a count of the report's table the report's date (逾期 is counted at it)
    figure: tuple[str, str, date, date] | tuple[str, str, date, date, date] | None = None
    sort: str = "received_on"
    descending: bool = True
    offset: int = 0
    limit: int = 200


_Handler = aliased(AppUser)

_SORT_COLUMNS = {
    "case_number": DisputeCase.case_number,
    "family": DisputeCase.family,
    "procedure": DisputeCase.procedure,
    "status": DisputeCase.status,
    "applicant_names": DisputeCase.applicant_names,
    "respondent_names": DisputeCase.respondent_names,
    "cause": DisputeCase.cause,
    "received_on": DisputeCase.received_on,
    "office": Office.name,
    "handler": _Handler.display_name,
    "amount_claimed": DisputeCase.amount_claimed,
    "next_deadline": DisputeCase.next_deadline,
}


def _contains(session: Session, column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """``text`` occurs in ``column``: instr() on SQLite (about twice as fast as LIKE '%…%' over
    a whole index), LIKE with escaped wildcards elsewhere (where a trigram index can serve it)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.instr(column, text) > 0
    return column.like(f"%{escape_like(text)}%", escape="\\")


def _key_range(session: Session, column: ColumnElement[str], digits: str) -> ColumnElement[bool]:
    """The keys that begin with ``digits``: ":" sorts right after "9" by code point (bytewise:
    a server's collation may not)."""
    column = bytewise(session, column)
    return and_(column >= digits, column < digits + ":")


def _number_condition(session: Session, text: str, *, walk: bool = False) -> ColumnElement[bool]:
    """The digit-key test; ``walk`` keeps the database on the sort index instead of the key indexes."""
    digits = search.digits_of(text)
    keys = (DisputeCase.number_key, DisputeCase.number_key_tail)
    if walk and session.get_bind().dialect.name == "sqlite":
        # PostgreSQL walks by itself when its key indexes' statistics say most cases match ("2",
        # "20": 0.9 ms); wrapped, its guess was 1% and it sorted every case of the offices (450 ms)
        keys = tuple(no_index(k) for k in keys)
    return or_(*(_key_range(session, k, digits) for k in keys))


def _is_common_number(session: Session, text: str) -> bool:
    """Do the digits find at least DENSE_SHARE of a sample of the newest cases ("2", "20")?"""
    recent = (select(DisputeCase.number_key.label("k"), DisputeCase.number_key_tail.label("t"))
              .order_by(DisputeCase.received_on.desc()).limit(DENSE_SAMPLE).subquery())
    digits = search.digits_of(text)
    hits = session.scalar(select(func.count()).select_from(recent)
                          .where(or_(_key_range(session, recent.c.k, digits),
                                     _key_range(session, recent.c.t, digits)))) or 0
    return hits >= DENSE_SAMPLE * DENSE_SHARE


def _is_common(session: Session, column: ColumnElement[str], text: str) -> bool:
    """Does the text occur in at least DENSE_SHARE of a sample of the newest cases?"""
    recent = (select(column.label("t")).order_by(DisputeCase.received_on.desc())
              .limit(DENSE_SAMPLE).subquery())
    hits = session.scalar(select(func.count()).select_from(recent)
                          .where(_contains(session, recent.c.t, text))) or 0
    return hits >= DENSE_SAMPLE * DENSE_SHARE


RARE_GRAM = 2000  # parties sharing a name bigram; fewer: look the name up, more: walk the list


def _gram_match(session: Session, gram: str) -> ColumnElement[bool]:
    """A bigram is one key; a single character is the range of the grams it begins (没x, 没␁),
    by code point (bytewise)."""
    if len(gram) >= 2:
        return PartyGram.gram == gram
    column = bytewise(session, PartyGram.gram)
    return and_(column > gram, column < gram + "\uffff")


def _rarest_gram(session: Session, text: str) -> tuple[str, int]:
    """The gram of ``text`` that the fewest parties' names hold, with that count (capped)."""

    def capped(gram: str) -> int:
        hits = select(PartyGram.party_id).where(_gram_match(session, gram)).limit(RARE_GRAM + 1).subquery()
        return session.scalar(select(func.count()).select_from(hits)) or 0

    counts = {g: capped(g) for g in sorted(search.search_grams(text))}
    gram = min(counts, key=counts.__getitem__)
    return gram, counts[gram]


WALK_CANDIDATES = 1000  # more candidate cases than this: walk the sort index and test each


def _gram_cases(session: Session, text: str, sort: str | None, gram: str) -> ColumnElement[bool]:
    """Cases linking a party whose name contains ``text``, found through the bigram index.

    With few candidates the page is sorted from them; with many, the newest cases are walked
    along the sort index and kept when they are candidates, which fills a page sooner than
    fetching thousands of scattered rows."""
    parties = select(PartyGram.party_id).where(_gram_match(session, gram))
    if session.get_bind().dialect.name != "sqlite":
        # found first, from the gram index (OFFSET 0 keeps them apart): PostgreSQL's planner
        # otherwise tested every party's name for the text and hashed every case link (550 ms)
        parties = parties.offset(0)
    named = (select(CaseParty.case_id).join(Party, Party.id == CaseParty.party_id)
             .where(Party.id.in_(parties), _contains(session, Party.name_key, text)))
    if sort in _INDEXED_SORTS:
        many = session.scalar(select(func.count()).select_from(named.limit(WALK_CANDIDATES + 1).subquery()))
        if many > WALK_CANDIDATES:
            return no_index(DisputeCase.id).in_(named)
    return DisputeCase.id.in_(named)


def _is_common_text(session: Session, text: str) -> bool:
    if search.searches_case_number(text):
        return _is_common_number(session, text)
    return _is_common(session, DisputeCase.search_text, text)


def _text_condition(session: Session, text: str, sort: str | None, common: bool,
                    gram: str | None) -> ColumnElement[bool]:
    """``common``: the text is common among the newest cases and ``sort`` is indexed; ``gram``:
    the text's rarest bigram when the caller already looked it up."""
    if search.searches_case_number(text):
        return _number_condition(session, text, walk=common)
    column = DisputeCase.search_text
    if common:
        return _contains(session, column, text)  # a walk along the sort index soon fills a page
    if search.gram_searchable(text):
        return _gram_cases(session, text, sort, gram or _rarest_gram(session, text)[0])
    if sort is None:  # a count: one scan of the covering index
        return _contains(session, column, text)
    inner = aliased(DisputeCase)
    return DisputeCase.id.in_(select(inner.id).where(_contains(session, getattr(inner, column.key), text)))


def _walks_names(session: Session, q: CaseQuery, text: str, rarest: tuple[str, int] | None) -> bool:
    """Search a name by walking ix_case_received_search (default order), unless its ``rarest``
    bigram (with its capped party count; None: no bigram) is rare enough that looking the
    parties up reads far fewer pages. SQLite walks it as a covered page; PostgreSQL by the
    text's contains test in received order (its planner's choice for a common name: the
    candidates of 黄 are thousands of scattered rows, 0.5 s to fetch and sort)."""
    if q.sort != "received_on" or search.searches_case_number(text):
        return False
    return rarest is None or rarest[1] > RARE_GRAM


def _covered_page(session: Session, user: Actor, q: CaseQuery, text: str, *, common: bool,
                  walk: bool) -> Select | None:
    """Ids of the requested page, read from a covering index alone (default order, only filters
    the index carries; a case number that is not common, or on SQLite a name to ``walk``); None
    otherwise (another filter, such as a statistics figure, needs the case rows). PostgreSQL's
    covering indexes are its key indexes (ix_pg_case_number_key…, 0024): left to itself its
    planner walks the received order expecting matches spread evenly, and reads 60,000 cases
    to find the page of "2025" (the cases of 2025 are all older than a year's newest)."""
    if q.sort != "received_on" or common:
        return None
    if session.get_bind().dialect.name != "sqlite" and not search.searches_case_number(text):
        return None
    if not walk and not search.searches_case_number(text):
        return None
    used = {k for k in ("procedure", "status", "party_id", "figure") if getattr(q, k)}
    used |= {f for f in ("green_channel", "collective", "supervised", "small_claims", "mine") if getattr(q, f)}
    if used:
        return None
    if search.searches_case_number(text):
        keys = (DisputeCase.number_key, DisputeCase.number_key_tail)
        firsts = [_key_range(session, k, search.digits_of(text)) for k in keys]
    else:
        firsts = [_contains(session, DisputeCase.search_text, text)]
    filters = []
    allowed = _allowed_offices(session, user, q)
    if allowed is not None:
        filters.append(no_index(DisputeCase.office_id).in_(allowed))
    if q.family:
        filters.append(no_index(DisputeCase.family) == q.family)
    # names walk the index in received order; case numbers stay on their key ranges and sort
    received = DisputeCase.received_on if walk else no_index(DisputeCase.received_on)
    if q.received_from:
        filters.append(received >= q.received_from)
    if q.received_to:
        filters.append(received <= q.received_to)
    n = max(q.offset, 0) + max(min(q.limit, 1000), 1)

    def top(first: ColumnElement[bool]) -> Select:
        order = (received.desc(), DisputeCase.id.desc()) if q.descending else (received.asc(), DisputeCase.id.asc())
        return select(DisputeCase.id).where(first, *filters).order_by(*order).limit(n)

    if len(firsts) == 1:
        return top(firsts[0])
    # each key range gives its own top n from its covering index; together they hold the page
    both = union(*(top(f).subquery().select() for f in firsts)).subquery()
    return select(both.c.id)


def _allowed_offices(session: Session, user: Actor, q: CaseQuery) -> set[uuid.UUID] | None:
    allowed = visible_office_ids(session, user)
    if q.office_id is not None:
        wanted = subtree_ids(session, q.office_id)
        allowed = wanted if allowed is None else wanted & allowed
    return allowed


def find_by_number(*, session: Session, user: Actor, case_number: str) -> uuid.UUID:
    """The case with this number among the offices the user sees; refused when none or several."""
    require(user, Permission.READ_CASES)
    stmt = select(DisputeCase.id, DisputeCase.office_id).where(DisputeCase.case_number == case_number.strip())
    allowed = visible_office_ids(session, user)
    found = [cid for cid, office in session.execute(stmt) if allowed is None or office in allowed]
    if not found:
        raise NotFound(f"找不到案号为“{case_number}”的案件")
    if len(found) > 1:
        raise ValidationFailed({"case_number": f"有 {len(found)} 件案件使用案号“{case_number}”（不同机构）"})
    return found[0]


def _filtered(stmt: Select, session: Session, user: Actor, q: CaseQuery, *, sort: str | None = None,
              common: bool = False, gram: str | None = None) -> Select:
    """Apply the query's filters; ``sort`` (for a page, not a count) picks the search plan."""
    require(user, Permission.READ_CASES)
    conds = []
    allowed = _allowed_offices(session, user, q)
    if allowed is not None:
        conds.append(DisputeCase.office_id.in_(allowed))
    if q.party_id is not None:
        conds.append(DisputeCase.id.in_(select(CaseParty.case_id).where(CaseParty.party_id == q.party_id)))
    text = search.normalise(q.text)
    if text:
        conds.append(_text_condition(session, text, sort, common, gram))
    if q.family:
        conds.append(DisputeCase.family == q.family)
    if q.procedure:
        conds.append(DisputeCase.procedure == q.procedure)
    if q.status == "open":
        conds.append(DisputeCase.closed_on.is_(None))
    elif q.status == "closed":
        conds.append(DisputeCase.closed_on.is_not(None))
    elif q.status:
        conds.append(DisputeCase.status == q.status)
    if q.figure is not None:
        from .kpi import figure_condition, settled_counts_as_mediated

        conds.append(figure_condition(*q.figure, settled=settled_counts_as_mediated(session)))
    for flag in ("green_channel", "collective", "supervised", "small_claims"):
        if getattr(q, flag):
            conds.append(getattr(DisputeCase, flag).is_(True))
    if q.mine:
        from .tribunal import mine_condition

        conds.append(mine_condition(user.id))
    if q.received_from:
        conds.append(DisputeCase.received_on >= q.received_from)
    if q.received_to:
        conds.append(DisputeCase.received_on <= q.received_to)
    return stmt.where(and_(*conds)) if conds else stmt


def list_cases(*, session: Session, user: Actor, query: CaseQuery) -> list[CaseRow]:
    """One page of the case list: filtered, sorted and paged by the database."""
    if query.sort not in _SORT_COLUMNS:
        raise ValueError(f"unknown sort key {query.sort!r}")
    stmt = (
        select(
            DisputeCase.id, DisputeCase.case_number, DisputeCase.family, DisputeCase.procedure,
            DisputeCase.status, DisputeCase.applicant_names, DisputeCase.respondent_names,
            DisputeCase.cause, DisputeCase.received_on, Office.name, _Handler.display_name,
            DisputeCase.amount_claimed, DisputeCase.next_deadline, DisputeCase.green_channel,
            DisputeCase.collective, DisputeCase.supervised, DisputeCase.small_claims,
            DisputeCase.search_text,
        )
        .join(Office, Office.id == DisputeCase.office_id)
        .outerjoin(_Handler, _Handler.id == DisputeCase.handler_id)
    )
    text = search.normalise(query.text)
    inside = query.figure is not None  # a figure's cases are few: each is tested, no index is walked
    rarest = _rarest_gram(session, text) if search.gram_searchable(text) and not inside else None  # once per page
    walk = bool(text) and not inside and _walks_names(session, query, text, rarest)
    server_walk = walk and session.get_bind().dialect.name != "sqlite"  # the contains test, in received order
    common = bool(text) and (inside or server_walk
                             or (not walk and query.sort in _INDEXED_SORTS and _is_common_text(session, text)))
    covered = _covered_page(session, user, query, text, common=common, walk=walk) if text else None
    if covered is not None:
        stmt = stmt.where(DisputeCase.id.in_(covered))
    else:
        stmt = _filtered(stmt, session, user, query, sort=query.sort, common=common,
                         gram=rarest[0] if rarest else None)
    col = _SORT_COLUMNS[query.sort]
    order = col.desc() if query.descending else col.asc()
    tiebreak = DisputeCase.id.desc() if query.descending else DisputeCase.id.asc()
    if query.sort == "next_deadline":  # cases without a deadline go last either way
        stmt = stmt.order_by(col.is_(None), order, tiebreak)
    else:
        stmt = stmt.order_by(order, tiebreak)
    stmt = stmt.offset(max(query.offset, 0)).limit(max(min(query.limit, 1000), 1))
    return [
        CaseRow(
            id=r[0], case_number=r[1], family=CaseFamily(r[2]), procedure=Procedure(r[3]),
            status=CaseStatus(r[4]), applicant_names=r[5], respondent_names=r[6],
            cause=Cause(r[7]), received_on=r[8], office_name=r[9], handler_name=r[10] or "",
            amount_claimed=r[11], next_deadline=r[12], green_channel=r[13], collective=r[14],
            supervised=r[15], small_claims=r[16], search_text=r[17],
        )
        for r in session.execute(stmt).all()
    ]


def count_cases(*, session: Session, user: Actor, query: CaseQuery) -> int:
    stmt = _filtered(select(func.count()).select_from(DisputeCase), session, user, query,
                     common=query.figure is not None)
    return session.scalar(stmt) or 0
