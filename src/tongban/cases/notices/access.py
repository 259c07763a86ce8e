"""Who may open the notice URLs — merged into `tongban.cases.access.ACCESS_RULES`.

The PDF needs a sign-in; which notices a user gets is decided by the case scope in the view
(`scopes.cases_for`, 404 outside it). The verification page is public: the QR code on paper is
scanned by anyone who is shown the notice.
"""

from tongban.accounts.policy import ANYONE, SIGNED_IN

NOTICE_ACCESS_RULES = {
    "notices:pdf": SIGNED_IN,
    "verify:notice": ANYONE,
}
