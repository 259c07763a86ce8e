"""What pages and the API show of a 规范性文件 or a 重大行政决策 (one place)."""

from tongban.accounts.constants import Role

from . import errors
from .services import decision_capacities, decisions_for, documents_for, norm_capacities
from .workflow import DECISION_WORKFLOW, NORM_WORKFLOW


def document_for(actor, document_id: int):
    document = documents_for(actor).select_related("issuer__department__region").filter(pk=document_id).first()
    if document is None:
        raise errors.DOCUMENT_NOT_FOUND
    return document


def decision_for(actor, decision_id: int):
    decision = decisions_for(actor).select_related("catalogue__region", "undertaker").filter(pk=decision_id).first()
    if decision is None:
        raise errors.DECISION_NOT_FOUND
    return decision


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _actions(workflow, state: str, capacities: set[str]) -> list[dict]:
    return [{"action": t.action, "label": t.label, "destructive": t.destructive}
            for t in workflow.allowed(state, capacities - {"system"})]


def document_capacities(user, document) -> set[str]:
    actor = _actor(user)
    if actor is None or actor.role in (Role.CITIZEN, Role.ENTERPRISE):
        return set()
    return norm_capacities(actor, document)


def document_payload(document, user) -> dict:
    return {
        "id": document.pk, "title": document.title, "issuer": document.issuer.department.name,
        "status": document.status, "status_label": NORM_WORKFLOW.label_of(document.status),
        "registration_number": document.registration_number, "published_on": document.published_on,
        "effective_on": document.effective_on, "expires_on": document.expires_on,
        "row_version": document.row_version,
        "next_actions": _actions(NORM_WORKFLOW, document.status, document_capacities(user, document)),
    }


def decision_capacities_for(user, decision) -> set[str]:
    actor = _actor(user)
    if actor is None or actor.role in (Role.CITIZEN, Role.ENTERPRISE):
        return set()
    return decision_capacities(actor, decision)


def decision_payload(decision, user) -> dict:
    return {
        "id": decision.pk, "title": decision.title, "year": decision.catalogue.year,
        "undertaker": decision.undertaker.name, "status": decision.status,
        "status_label": DECISION_WORKFLOW.label_of(decision.status), "risk_level": decision.risk_level,
        "outcome": decision.outcome, "row_version": decision.row_version,
        "next_actions": _actions(DECISION_WORKFLOW, decision.status, decision_capacities_for(user, decision)),
    }
