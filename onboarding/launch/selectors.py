"""Reads of the launch kit: a network's apéro-info, its letter (filled in), its next café."""

from dataclasses import dataclass, field

from django.utils import timezone
from django_tenants.utils import schema_context

from onboarding.models import Amorceur
from tenants.models import Network

from . import letter
from .models import AperoInfo, InvitationLetter


def apero_info_of(network: Network) -> AperoInfo | None:
    return AperoInfo.objects.filter(network=network).first()


def letter_of(network: Network) -> InvitationLetter | None:
    return InvitationLetter.objects.filter(network=network).first()


def letter_body(found: InvitationLetter | None) -> str:
    return (found.body if found else "") or letter.default_body()


def letter_addresses(network: Network, found: InvitationLetter | None) -> str:
    """The mail merge's addresses: the saved ones, else the perimeter's streets."""
    return (found.addresses if found else "") or network.perimeter_streets


def signatories(network: Network) -> list[str]:
    """The amorceurs as the letter signs: « Name » or « Name (Organisation) »."""
    names = []
    for amorceur in Amorceur.objects.filter(network=network):
        if amorceur.kind != Amorceur.Kind.RESIDENT and amorceur.organisation:
            names.append(f"{amorceur.name} ({amorceur.organisation})")
        else:
            names.append(amorceur.name)
    return names


@dataclass
class Letter:
    network: Network
    apero: AperoInfo
    paragraphs: list[str]
    signatories: list[str]
    day: str
    time: str
    # One letter per address (mail merge); [None]: one letter to every household.
    addresses: list = field(default_factory=lambda: [None])


def letter_for(network: Network, *, merged: bool = False) -> Letter | None:
    """The letter ready to print; None while no apéro-info is waiting to be held."""
    apero = apero_info_of(network)
    if apero is None or apero.held:
        return None
    found = letter_of(network)
    day, time = letter.when(apero.starts_at)
    result = Letter(
        network=network,
        apero=apero,
        paragraphs=letter.fill(letter_body(found), apero=apero, network=network),
        signatories=signatories(network),
        day=day,
        time=time,
    )
    if merged:
        result.addresses = letter.address_lines(letter_addresses(network, found))
    return result


def next_cafe_of(network: Network):
    """The network's next café-rencontre, read in its own schema (one query); None if none."""
    from community.cafes.selectors import next_cafe

    with schema_context(network.schema_name):
        return next_cafe()


@dataclass
class Panel:
    network: Network
    apero: AperoInfo | None
    letter_saved: bool
    address_count: int

    @property
    def past_due(self) -> bool:
        """Its time has come but nobody recorded it yet."""
        return bool(self.apero and not self.apero.held and self.apero.starts_at <= timezone.now())


def panel_for(network: Network) -> Panel:
    """What the network page's launch section shows (two queries)."""
    found = letter_of(network)
    return Panel(
        network=network,
        apero=apero_info_of(network),
        letter_saved=bool(found and found.body),
        address_count=len(letter.address_lines(letter_addresses(network, found))),
    )
