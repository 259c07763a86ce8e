"""The one module that touches private Django, ninja and psycopg internals, for the hot path.

A case transition runs on every click of every clerk; building its statements through the ORM
each time cost more CPU than PostgreSQL spends executing them. What the hot path does instead
is collected here, behind a small interface, so no other module needs to know how it works
(tests/test_project_rules.py fails if a private internal appears anywhere else):

- `execute_prepared(connection, sql, params)`: one statement as a server-side prepared
  statement (PostgreSQL), logged like one of Django's queries.
- `Columns(model)`: the values of a model's concrete columns, derived from `_meta` (a new field
  is covered without being listed), and which of them an instance changed since.
- `RowReader(model, field)`: `model.objects.filter(field=value).order_by("pk").first()`, compiled
  by the ORM once per connection and the instance built as `from_db` would build it.
  `RowReader.problems()` says why the fast read is off for a model (then it is the ORM's read).
- `batched(connection)` and `orm_writes(connection)`: the two ways of writing one step. Both are
  context managers yielding an object with `insert(obj)`, `update(model, values, where)` and
  `save_if(instance, fields, where)`, so a step is written once against either:

      with fastpath.batched(connection) as writes:   # or fastpath.orm_writes(connection)
          writes.insert(CaseTask(...))               # rows besides the instance itself
          ...
          written = writes.save_if(case, changed, where={"id": case.pk, "audit_sequence": read})

  `orm_writes` is the plain ORM: `obj.save()`, `QuerySet.update()`, and at the end a
  `select_for_update()` of the row and `instance.save(update_fields=…)`, all in one
  `transaction.atomic()` that is rolled back if the row no longer matches `where`.

  `batched` writes nothing until `save_if`: then the UPDATE of the instance (`gate`) and every
  collected write go in one statement on PostgreSQL (data-modifying WITH clauses that read
  `gate`, so nothing is written unless the row still matches; prepared once per connection and
  shape; no BEGIN/COMMIT round trips), or in one transaction elsewhere. PostgreSQL runs WITH
  clauses against one snapshot in no set order, so a batch must not read what it has pending,
  nor write one table twice when one of the writes is an UPDATE. Those rules are enforced, not
  documented: while a batch is open, any statement the ORM sends that writes, or that reads a
  table with a pending write, raises `Unbatchable` before it runs, as do an UPDATE next to
  another write of the same table and save signals on the instance's model. The caller then
  does the step again through `orm_writes` (nothing was written). So an effect may use the ORM
  freely: it is merely slower until it sends its rows to `writes`.

  tongban.cases.tests.test_fast_path_equivalence runs every transition of every shipped workflow
  both ways and compares every row written.
- `DictSchema`: a ninja `Schema` that hands a plain dict to pydantic without ninja's
  per-attribute `DjangoGetter`.
- `ninja_operation_name(view_func, method)`: the URL name of the ninja operation that a request
  with `method` reaches through the URL pattern of `view_func`.
"""

import functools
import inspect
import logging
import operator
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from django.db import models, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ValidationInfo, model_validator

logger = logging.getLogger("tongban.fastpath")


# --- prepared statements ---------------------------------------------------------------------
#
# Django's psycopg cursors bind parameters on the client: each execution sends the statement as
# text with its values quoted in, and PostgreSQL parses and plans it again — a third of the
# server's CPU in a case transition. For the few statements that run on every transition,
# psycopg prepares the statement once per connection; after that only Bind/Execute travel.
# A server-side prepared statement lives as long as the connection (CONN_MAX_AGE keeps it).
# Behind a pooler in transaction mode it would not survive: such a deployment sets
# DB_PREPARED_STATEMENTS=0 (settings: psycopg's prepare_threshold None) and the same
# statements go unprepared.

def execute_prepared(connection, sql: str, params: Sequence[Any]) -> psycopg.Cursor:
    """Run one statement on a Django PostgreSQL connection, inside its current transaction;
    return the psycopg cursor (rows, rowcount). Errors surface as Django's database exceptions
    and the statement shows in connection.queries / CaptureQueriesContext."""
    connection.ensure_connection()
    started = time.monotonic()
    cursor = psycopg.Cursor(connection.connection)  # server-side binding, the connection's adapters
    with connection.wrap_database_errors:
        cursor.execute(sql, params, prepare=True)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return cursor


# --- columns ---------------------------------------------------------------------------------

class Columns:
    """The concrete non-pk columns of a model (attnames), from `_meta`: every field is covered."""

    def __init__(self, model: type[models.Model]) -> None:
        self.names = tuple(f.attname for f in model._meta.concrete_fields if not f.primary_key)
        self.values = operator.attrgetter(*self.names)  # instance -> tuple of the values

    def changed(self, before: tuple, instance: models.Model) -> list[str]:
        """The columns whose value differs from `before` (a tuple from `values`)."""
        return [name for name, old, new in zip(self.names, before, self.values(instance), strict=True)
                if old != new]


@functools.cache
def _static_problems(model: type[models.Model]) -> tuple[str, ...]:
    problems = []
    if model.__init__ is not models.Model.__init__:
        problems.append("has its own __init__")
    for f in model._meta.concrete_fields:
        if getattr(f, "generated", False):
            problems.append(f"{f.name} is generated by the database")
        if getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED:
            problems.append(f"{f.name} has a database default")
    return tuple(problems)


def _signal_problems(model: type[models.Model], signals) -> list[str]:
    return [f"has {name} receivers" for signal, name in signals if signal.has_listeners(model)]


_INIT = ((pre_init, "pre_init"), (post_init, "post_init"))
_SAVE = ((pre_save, "pre_save"), (post_save, "post_save"))


def model_problems(model: type[models.Model]) -> list[str]:
    """Why instances of `model` cannot be read or written by hand as the ORM would (empty: they can)."""
    return [*_static_problems(model), *_signal_problems(model, _INIT + _SAVE)]


def _refuse_unless_plain(model: type[models.Model]) -> None:
    problems = [*_static_problems(model), *_signal_problems(model, _SAVE)]
    if problems:
        raise Unbatchable(f"{model._meta.label}: {'; '.join(problems)}")


# --- reading one row -------------------------------------------------------------------------

_PROBE = "\x00tongban-read-probe\x00"


class RowReader:
    """`model.objects.filter(<field>=value).order_by("pk").first()`, with the SQL compiled once
    per connection and the instance built as `Model.from_db` builds it for a full row."""

    def __init__(self, model: type[models.Model], field: str) -> None:
        self.model, self.field = model, field
        self._statements: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection -> statement

    def queryset(self, alias: str, value) -> models.QuerySet:
        return self.model.objects.using(alias).filter(**{self.field: value}).order_by("pk")

    def problems(self, alias: str) -> list[str]:
        """Why the fast read is off on `alias` (then `read` is the ORM's read)."""
        problems = model_problems(self.model)
        if not problems and self._compile(alias) is None:
            problems.append("the compiled read does not select every concrete field in order")
        return problems

    def _compile(self, alias: str):
        query = self.queryset(alias, _PROBE)[:1].query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        if list(params) != [_PROBE]:  # a lookup the compiler rewrote
            return None
        select = [column for column, _sql, _alias in compiler.select]
        names = [select[index].target.attname for index in compiler.klass_info["select_fields"]]
        if names != [f.attname for f in self.model._meta.concrete_fields]:
            return None
        converters = [(index, functions, expression)
                      for index, (functions, expression) in compiler.get_converters(select).items()]
        return sql, names, converters

    def read(self, connection, value) -> models.Model | None:
        statement = self._statements.get(connection)
        if statement is None:
            statement = self._statements[connection] = (
                () if _static_problems(self.model) else self._compile(connection.alias) or ())
        if not statement or pre_init.has_listeners(self.model) or post_init.has_listeners(self.model):
            return self.queryset(connection.alias, value).first()
        sql, names, converters = statement
        if connection.vendor == "postgresql":
            row = execute_prepared(connection, sql, [value]).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, [value])
                row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = list(row)
            for index, functions, expression in converters:
                converted = row[index]
                for function in functions:
                    converted = function(converted, expression, connection)
                row[index] = converted
        # What Model.__init__ does with a full positional row, when nothing can tell the
        # difference (model_problems: no __init__ of its own, no init receivers): store each
        # value under its attname; a fresh instance has no related object cached to clear.
        instance = self.model.__new__(self.model)
        instance._state = ModelState()
        instance._state.adding, instance._state.db = False, connection.alias
        instance.__dict__.update(zip(names, row, strict=True))
        return instance


# --- writing one step ------------------------------------------------------------------------

class Unbatchable(Exception):  # noqa: N818 - a signal to take the ORM path, not an error
    """The step cannot be batched (see the module docstring); nothing has been written."""


class _Statement:
    """One write in both forms: `plain` on its own, `gated` as a WITH clause reading `gate`."""

    __slots__ = ("plain", "gated", "fields", "table")

    def __init__(self, plain: str, gated: str, fields: list[models.Field], table: str) -> None:
        self.plain, self.gated, self.fields, self.table = plain, gated, fields, table


_statements: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # connection -> {shape: _Statement}


def _cached(connection, key, build) -> _Statement:
    statements = _statements.setdefault(connection, {})
    statement = statements.get(key)
    if statement is None:
        statement = statements[key] = build()
    return statement


def _insert_statement(connection, model: type[models.Model]) -> _Statement:
    """INSERT of every concrete field but an automatic pk. In the gated form the values are a
    SELECT list, where PostgreSQL infers no type from the target column: each is cast."""

    def build() -> _Statement:
        quote = connection.ops.quote_name
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]
        table = quote(model._meta.db_table)
        head = f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)})"
        values = ", ".join("%s" for _ in fields)
        casts = ", ".join(f"%s::{f.cast_db_type(connection)}" for f in fields)
        return _Statement(f"{head} VALUES ({values})", f"{head} SELECT {casts} FROM gate", fields, table)

    return _cached(connection, ("insert", model), build)


def _update_statement(connection, model: type[models.Model], names: tuple[str, ...],
                      where: tuple[tuple[str, bool], ...]) -> _Statement:
    """UPDATE … SET each of `names` … WHERE each of `where` equals a value (or, flagged, IS NULL)."""

    def build() -> _Statement:
        quote, meta = connection.ops.quote_name, model._meta
        table = quote(meta.db_table)
        fields = [meta.get_field(name) for name in names]
        conditions = [f"{table}.{quote(meta.get_field(name).column)} {'IS NULL' if is_null else '= %s'}"
                      for name, is_null in where]
        fields += [meta.get_field(name) for name, is_null in where if not is_null]
        plain = (f"UPDATE {table} SET {', '.join(f'{quote(f.column)} = %s' for f in fields[:len(names)])} "
                 f"WHERE {' AND '.join(conditions)}")
        return _Statement(plain, f"{plain} AND EXISTS (SELECT FROM gate)", fields, table)

    return _cached(connection, ("update", model, names, where), build)


def _update(connection, model, values: dict[str, Any], where: dict[str, Any]) -> tuple[_Statement, list[Any]]:
    statement = _update_statement(connection, model, tuple(values),
                                  tuple((name, value is None) for name, value in where.items()))
    params = [*values.values(), *(value for value in where.values() if value is not None)]
    return statement, [f.get_db_prep_save(value, connection) for f, value in zip(statement.fields, params, strict=True)]


_READS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK"})


class Batch:
    """The writes of one step, sent at `save_if` in one round trip (see the module docstring)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.statements: list[tuple[_Statement, list[Any]]] = []
        self.tables: dict[str, str] = {}  # quoted table -> "insert" | "update"
        self.open = True
        self.refused = False  # the guard refused a statement (it never ran)

    def _touch(self, table: str, kind: str) -> None:
        seen = self.tables.get(table)
        if seen is not None and "update" in (seen, kind):
            raise Unbatchable(f"{table} written twice, once by an UPDATE: one snapshot would hide the first")
        self.tables[table] = kind

    def insert(self, obj: models.Model) -> None:
        """INSERT one unsaved model instance (its automatic primary key stays unset)."""
        connection = self.connection
        _refuse_unless_plain(type(obj))
        statement = _insert_statement(connection, type(obj))
        self._touch(statement.table, "insert")
        self.statements.append((statement, [f.get_db_prep_save(f.pre_save(obj, True), connection)
                                            for f in statement.fields]))

    def update(self, model: type[models.Model], values: dict[str, Any], where: dict[str, Any]) -> None:
        """`model.objects.filter(**where).update(**values)`, plain equalities only (None: IS NULL)."""
        statement, params = _update(self.connection, model, values, where)
        self._touch(statement.table, "update")
        self.statements.append((statement, params))

    def guard(self, execute, sql, params, many, context):
        """connection.execute_wrapper while the batch is open: refuse what would break its rules."""
        if self.open:
            verb = sql.lstrip()[:9].split(None, 1)[0].upper() if sql.strip() else ""
            if verb not in _READS:
                self.refused = True
                raise Unbatchable(f"a write through the ORM while a batch is open: {sql[:80]}")
            for table in self.tables:
                if table in sql:
                    self.refused = True
                    raise Unbatchable(f"a read of {table}, which has a pending write")
        return execute(sql, params, many, context)

    def save_if(self, instance: models.Model, fields: list[str], where: dict[str, Any]) -> bool:
        """`instance.save(update_fields=fields)` and everything collected, only if the instance's
        row matches `where` (plain equalities); False, and nothing written, if it does not."""
        self.open = False
        model = type(instance)
        _refuse_unless_plain(model)
        connection = self.connection
        meta = model._meta
        chosen = [meta.get_field(name) for name in fields]
        # as save() does, for the changed relations only: the check does nothing for the
        # others, and given all of them Django compares each field with every name
        relations = [f for f in chosen if f.is_relation]
        if relations:
            instance._prepare_related_fields_for_save(operation_name="save", fields=relations)
        gate, gate_params = _update(connection, model, {f.attname: f.pre_save(instance, False) for f in chosen}, where)
        statements, self.statements = self.statements, []
        if connection.vendor == "postgresql":
            clauses = [f"gate AS ({gate.plain} RETURNING 1)"]
            clauses += [f"write_{index} AS ({statement.gated})" for index, (statement, _) in enumerate(statements)]
            params = [*gate_params, *(value for _, values in statements for value in values)]
            return execute_prepared(connection, f"WITH {', '.join(clauses)} SELECT FROM gate", params).rowcount == 1
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(gate.plain, gate_params)
            if cursor.rowcount != 1:
                return False
            for statement, values in statements:
                cursor.execute(statement.plain, values)
        return True


@contextmanager
def batched(connection) -> Iterator[Batch]:
    """Collect one step's writes; `save_if` sends them (see the module docstring)."""
    batch = Batch(connection)
    needed_rollback = connection.needs_rollback
    try:
        with connection.execute_wrapper(batch.guard):
            yield batch
    except Unbatchable:
        # Model.save() inside an enclosing atomic block marks it for rollback on any error;
        # the statement the guard refused never ran, so the transaction is as good as before.
        if batch.refused and not needed_rollback:
            connection.needs_rollback = False
        raise


class OrmWrites:
    """The same interface as `Batch`, written at once through the ORM (inside `orm_writes`)."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def insert(self, obj: models.Model) -> None:
        obj.save(force_insert=True, using=self.connection.alias)

    def update(self, model: type[models.Model], values: dict[str, Any], where: dict[str, Any]) -> None:
        model._base_manager.using(self.connection.alias).filter(**where).update(**values)

    def save_if(self, instance: models.Model, fields: list[str], where: dict[str, Any]) -> bool:
        alias = self.connection.alias
        if not type(instance)._base_manager.using(alias).select_for_update().filter(**where).exists():
            transaction.set_rollback(True, using=alias)
            return False
        instance.save(update_fields=fields, using=alias)
        return True


@contextmanager
def orm_writes(connection) -> Iterator[OrmWrites]:
    """One step through the plain ORM, all or nothing (`save_if` False rolls everything back)."""
    with transaction.atomic(using=connection.alias):
        yield OrmWrites(connection)


# --- ninja -----------------------------------------------------------------------------------

class DictSchema(Schema):
    """A ninja `Schema` that validates a plain dict without ninja's per-attribute getter.

    ninja wraps every value it validates in a `DjangoGetter`, so that model instances, managers,
    querysets and `resolve_<field>` methods work; for a dict that costs one Python `__getattr__`
    per field, nested schemas included. A request body parsed from JSON, or a reply built as a
    dict of plain values, needs none of that: such a dict goes to pydantic as it is. Every field
    is still validated and serialised by the same schema (same OpenAPI, same errors); anything
    else, or a schema with resolvers, takes ninja's path unchanged (tests/test_dict_schemas.py)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info: ValidationInfo) -> Any:
        # Replaces ninja.schema.Schema._run_root_validator (same name), with a dict fast path:
        # DjangoGetter over a dict returns its values as they are (a missing key is a missing
        # field) unless a value is callable, a manager, a queryset or a file — never so for JSON
        # or for the dicts the presenters build.
        if type(values) is dict and not cls._ninja_resolvers:
            return handler(values)
        if cls.model_config.get("extra") == "forbid" or cls.model_config.get("validate_assignment", False):
            handler(values)
        return handler(DjangoGetter(values, cls, info.context))


def ninja_operation_name(view_func, method: str) -> str | None:
    """The view name (`operation.view_func.__name__`) of the ninja operation `method` selects on
    the URL pattern served by `view_func`; None if `view_func` is not ninja's or none matches.

    ninja serves every method of one path through one URL pattern named after its first
    operation, and keeps the path's operations (its PathView) in the view's closure."""
    path_view = inspect.getclosurevars(view_func).nonlocals.get("self")
    for operation in getattr(path_view, "operations", ()):
        if method in operation.methods:
            return operation.view_func.__name__
    return None
