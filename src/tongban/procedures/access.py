"""Who may open the 政府内部程序 pages and API (one rule per URL name).

The staff routes admit every member of staff; the services decide what each may do (the drafting
unit on the issuer list, the 司法局, 区领导) and cut the objects to their scope (404 outside it).
"""

from tongban.accounts.policy import ANYONE, SIGNED_IN, STAFF

ACCESS_RULES: dict = {
    "procedures:public": ANYONE,
    "procedures:desk": STAFF,
    "procedures:new_document": STAFF,
    "procedures:document": ANYONE,  # published ones for everybody; drafts in scope for staff
    "procedures:document_edit": STAFF,
    "procedures:document_transition": STAFF,
    "procedures:decision": ANYONE,  # decisions of a published catalogue for everybody
    "procedures:decision_transition": STAFF,
    "api:list_normative_documents": ANYONE,
    "api:get_normative_document": ANYONE,
    "api:transition_normative_document": STAFF,
    "api:list_major_decisions": ANYONE,
    "api:transition_major_decision": STAFF,
    "api:check_guarantee": STAFF,
    "api:request_normative_review": SIGNED_IN,
}
