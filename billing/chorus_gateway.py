"""The one module that talks to Chorus Pro (through the PISTE API gateway), like
`billing/gateway.py` for Stripe: plain `requests` calls built from the settings, so tests
fake Chorus Pro at the HTTP layer (`responses`, or a local server), and the test settings
point it at a closed port. Nothing here writes to our database: services call these
functions, then write what they got back.

Two credentials, both from the settings: a PISTE application (OAuth2 client credentials,
a bearer token) and a Chorus Pro technical account (the `cpro-account` header). Real
calls are opt-in: CHORUS_PRO_ENABLED. Errors become `ChorusError` with a French-
translatable message for the operator; the details go to the log.
"""

import base64
import logging

import requests
from django.conf import settings
from django.utils.translation import gettext as _

log = logging.getLogger("coopere.billing")

DEPOSIT_PATH = "/cpro/factures/v1/deposer/flux"
STATUS_PATH = "/cpro/transverses/v1/consulterCRDetaille"
# A Factur-X deposit: PDF/A-3 with its CII XML (format IN_DP_E2_MIXTE on Chorus Pro).
SYNTAX = "IN_DP_E2_CII_FACTURX"


class ChorusError(Exception):
    """Chorus Pro refused or could not be reached; `message` is for the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_enabled() -> bool:
    return bool(
        settings.CHORUS_PRO_ENABLED
        and settings.CHORUS_PRO_CLIENT_ID
        and settings.CHORUS_PRO_CLIENT_SECRET
        and settings.CHORUS_PRO_LOGIN
    )


def _post(url: str, doing: str, **kwargs) -> dict:
    try:
        response = requests.post(url, timeout=settings.CHORUS_PRO_TIMEOUT, **kwargs)
    except requests.RequestException as error:
        log.warning("Chorus Pro unreachable while %s: %s", doing, error)
        raise ChorusError(
            _("Chorus Pro cannot be reached right now. Nothing was recorded; try again later.")
        ) from error
    if response.status_code in (401, 403):
        log.warning("Chorus Pro refused our credentials while %s: %s", doing, response.text)
        raise ChorusError(
            _("Chorus Pro refused Coop-ère's credentials. Check the Chorus Pro settings.")
        )
    try:
        body = response.json()
    except ValueError:
        body = {}
    # Chorus Pro answers its own errors with codeRetour ≠ 0 and a libelle.
    if response.status_code >= 400 or body.get("codeRetour", 0) != 0:
        log.warning("Chorus Pro error while %s: %s %s", doing, response.status_code, body)
        raise ChorusError(
            _("Chorus Pro refused the request: %(reason)s")
            % {"reason": body.get("libelle") or response.status_code}
        )
    return body


def _token() -> str:
    body = _post(
        settings.CHORUS_PRO_OAUTH_URL,
        "getting a token",
        data={
            "grant_type": "client_credentials",
            "client_id": settings.CHORUS_PRO_CLIENT_ID,
            "client_secret": settings.CHORUS_PRO_CLIENT_SECRET,
            "scope": "openid",
        },
    )
    token = body.get("access_token")
    if not token:
        raise ChorusError(
            _("Chorus Pro refused Coop-ère's credentials. Check the Chorus Pro settings.")
        )
    return token


def _headers() -> dict:
    account = f"{settings.CHORUS_PRO_LOGIN}:{settings.CHORUS_PRO_PASSWORD}"
    return {
        "Authorization": f"Bearer {_token()}",
        "cpro-account": base64.b64encode(account.encode()).decode(),
        "Accept": "application/json",
    }


def _require_enabled():
    if not is_enabled():
        raise ChorusError(
            _(
                "Deposits through the Chorus Pro API are not set up: download the Chorus "
                "Pro file and upload it on the Chorus Pro portal."
            )
        )


def deposit_flow(*, pdf: bytes, file_name: str) -> dict:
    """Deposit one Factur-X PDF. Returns Chorus Pro's answer: numeroFluxDepot, dateDepot."""
    _require_enabled()
    body = _post(
        settings.CHORUS_PRO_API_BASE.rstrip("/") + DEPOSIT_PATH,
        "depositing an invoice",
        headers=_headers(),
        json={
            "fichierFlux": base64.b64encode(pdf).decode(),
            "nomFichier": file_name,
            "syntaxeFlux": SYNTAX,
            "avecSignature": False,
        },
    )
    if not body.get("numeroFluxDepot"):
        raise ChorusError(_("Chorus Pro gave no deposit number. Nothing was recorded."))
    return body


def flow_status(*, flow_number: str) -> dict:
    """The flow's state: etatCourantDepotFlux (IN_INTEGRE, IN_REJETE, or in progress) and
    the errors listed for a rejection (listeErreurTechnique, listeErreurDP)."""
    _require_enabled()
    return _post(
        settings.CHORUS_PRO_API_BASE.rstrip("/") + STATUS_PATH,
        "reading a deposit's status",
        headers=_headers(),
        json={"numeroFluxDepot": flow_number, "syntaxeFlux": SYNTAX},
    )
