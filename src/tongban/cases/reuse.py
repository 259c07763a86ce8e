"""免证办 hooks: which proofs the government already holds for an applicant.

The electronic licence library arrives in a later part; until then no licence is on file,
and materials linked to a licence type must still be submitted. Shared-data sources are
trusted as configured in the catalog (the department has the data exchange in place).
"""


def licence_types_held(applicant_code: str) -> frozenset[str]:
    """证照类型代码 of valid licences held by a person or enterprise (none until the library exists)."""
    return frozenset()
