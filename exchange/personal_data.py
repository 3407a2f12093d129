"""The RGPD registry: every table of a network that names a member, in one place.

Both the member's own download (`services.members.export_member_data`, JSON and CSV) and
leaving the network (`services.members.delete_account`) read this list and nothing else,
so a table added here is exported and erased at once, and a table forgotten here is caught
by `tests/exchange/test_personal_data.py` (it lists every model of the network's apps with
a foreign key to `exchange.Member` or to the user model and fails on any it does not find).

For each table:
- `owners`: the foreign keys (or lookups) whose rows are the member's own. They are
  exported, and erasure applies to them: `delete` (all rows, or those matching a Q), then
  `blank` (field -> the value left in its place) on the rows that stay, and the files of
  `files` are removed from storage (before the rows change). `unlink`: nullable links set
  to NULL where they name the member (a task goes back to the board).
- `mentions`: links that name the member on someone else's row (a sponsor who acted, the
  one who ticked a task, the author of the post a neighbour answered). Exported, and kept on
  erasure: they then point at the anonymised "Ancien membre".
- `links`: the other foreign keys to a member, neither exported as theirs nor erased (the
  link points at the anonymised member); each says why in `note`.
- `fields`: what the export shows of each row, field -> its French name in the CSV.

The profile (the user row and the member row) is `USER_FIELDS` and `MEMBER_FIELDS` in the
download, `USER_ERASE` and `MEMBER_ERASE` on leaving; neighbours' notifications that quote
the member (name, post title, thanks) are `quoting_notifications`.

What erasure keeps on purpose (the network's own facts, counted for its impact): exchanges
and their dates, attendance at cafés, orders of closed purchases, cafés, projects, sheets,
newsletters and tasks created by the member (the network's work, not their personal data;
the link points at the anonymised member). Free texts a member wrote are blanked or deleted:
they may hold personal details.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

DELETE_ALL = Q()


@dataclass(frozen=True)
class Table:
    model: str  # "app_label.ModelName"
    key: str  # its key in the JSON download
    section: str  # its section name in the CSV (French)
    fields: dict[str, str]
    owners: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    delete: Q | None = None  # which of their own rows are deleted (DELETE_ALL: every one)
    blank: dict = field(default_factory=dict)
    unlink: tuple[str, ...] = ()  # nullable links to the member set to NULL on erasure
    files: tuple[str, ...] = ()
    note: str = ""

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def member_fields(self) -> set[str]:
        """The model's own foreign keys to a member this entry accounts for."""
        return {name.split("__")[0] for name in self.owners + self.mentions + self.links}


# The profile: the user row and the member row, one section.
USER_FIELDS = {
    "first_name": "prenom",
    "last_name": "nom",
    "email": "email",
    "member_code": "code_membre",
    "date_joined": "compte_cree_le",
    "last_login": "derniere_connexion",
}
MEMBER_FIELDS = {
    "display_name": "nom_affiche",
    "phone": "telephone",
    "address": "adresse",
    "household_size": "personnes_au_foyer",
    "registered_at": "inscrit_le",
    "registered_by": "inscrit_par",
    "activated_at": "active_le",
    "show_in_directory": "visible_dans_l_annuaire",
    "show_address": "adresse_visible",
    "share_contact": "coordonnees_partagees",
    "notification_mode": "notifications",
    "group_role": "role_dans_le_groupe",
    "sponsor": "parrain_ou_marraine",
    "questionnaire_done_at": "questionnaire_termine_le",
}
# Placeholders for words stored in the network's language when erasing.
FORMER = "__former_member__"  # "Ancien membre"
WITHDRAWN = "__withdrawn__"  # "Annonce retirée"
# What erasure leaves in the profile (the user row and the member row stay: neighbours'
# exchanges and posts point at them). The member code is replaced by a fresh random one
# and the password made unusable.
USER_ERASE = {
    "email": None,
    "first_name": FORMER,
    "last_name": "",
    "last_login": None,
    "is_active": False,
}
MEMBER_ERASE = {
    "display_name": FORMER,
    "address": "",
    "phone": "",
    "group_role": "",
    "sponsor": None,
    "amorceur_ref": None,
    "show_in_directory": False,
    "show_address": False,
    "share_contact": False,
    "notification_mode": "never",
}
# Member's foreign keys, handled by `delete_account` itself: `user` is anonymised with the
# member, `sponsor` ends, the neighbours they sponsored are released, `registered_by` stays
# (it names the animator who registered them, who may be anonymised in turn).
MEMBER_LINKS = ("user", "sponsor", "registered_by")

TABLES: tuple[Table, ...] = (
    Table(
        "exchange.MemberRoleChange",
        "role_history",
        "historique des rôles",
        {
            "kind": "type",
            "old_role": "ancien_role",
            "new_role": "nouveau_role",
            "old_sponsor": "ancien_parrain",
            "new_sponsor": "nouveau_parrain",
            "by": "par",
            "by_staff": "par_coop_ere",
            "at": "le",
        },
        owners=("member",),
        mentions=("by", "old_sponsor", "new_sponsor"),
        delete=DELETE_ALL,
        note="their own role history goes; changes they made for others stay, by a former member",
    ),
    Table(
        "exchange.QuestionnaireAnswer",
        "questionnaire",
        "questionnaire",
        {
            "theme": "theme",
            "can_offer": "peut_proposer",
            "would_need": "aurait_besoin",
            "interested": "interesse",
            "note": "note",
        },
        owners=("member",),
        delete=DELETE_ALL,
    ),
    Table(
        "exchange.ActivationCode",
        "activation_codes",
        "code d'activation",
        {
            "channel": "canal",
            "created_at": "cree_le",
            "expires_at": "expire_le",
            "used_at": "utilise_le",
        },
        owners=("member",),
        delete=DELETE_ALL,
    ),
    Table(
        "exchange.Post",
        "posts",
        "annonce",
        {
            "kind": "type",
            "title": "titre",
            "theme": "theme",
            "description": "description",
            "availability": "disponibilites",
            "photo": "photo",
            "status": "statut",
            "author": "auteur",
            "acted_by": "publiee_par",
            "created_at": "creee_le",
            "published_at": "publiee_le",
        },
        owners=("author",),
        mentions=("acted_by",),
        # Posts stay (neighbours' threads and exchanges hang on them), closed and emptied.
        blank={"title": WITHDRAWN, "description": "", "availability": "", "photo": ""},
        files=("photo",),
    ),
    Table(
        "exchange.Connection",
        "connections",
        "mise en relation",
        {
            "post": "annonce",
            "requester": "demandeur",
            "requester_shares_contact": "demandeur_partage_ses_coordonnees",
            "author_shares_contact": "auteur_partage_ses_coordonnees",
            "created_at": "creee_le",
        },
        owners=("requester",),
        mentions=("post__author",),
        # The neighbour keeps the thread; a former member shares no contact.
        blank={"requester_shares_contact": False},
    ),
    Table(
        "exchange.Message",
        "messages",
        "message",
        {
            "connection": "mise_en_relation",
            "body": "texte",
            "acted_by": "ecrit_par",
            "created_at": "envoye_le",
        },
        owners=("author",),
        mentions=("acted_by",),
        blank={"body": ""},
        note="the words go, the thread stays readable for the other side",
    ),
    Table(
        "exchange.Exchange",
        "exchanges",
        "échange",
        {
            "theme": "theme",
            "giver": "donne_par",
            "receiver": "recu_par",
            "done_at": "fait_le",
            "thanked_at": "remercie_le",
            "thanks": "remerciement",
        },
        owners=("giver", "receiver"),
        mentions=("marked_by", "acted_by"),
        # Counted for the network's impact; the thanks (written by or about them) go.
        blank={"thanks": ""},
    ),
    Table(
        "exchange.Notification",
        "notifications",
        "notification",
        {
            "kind": "type",
            "text": "texte",
            "created_at": "creee_le",
            "read_at": "lue_le",
            "emailed_at": "envoyee_le",
        },
        owners=("member",),
        delete=DELETE_ALL,
    ),
    Table(
        "exchange.Report",
        "reports",
        "signalement",
        {
            "post": "annonce",
            "message": "message",
            "reason": "motif",
            "created_at": "cree_le",
            "resolved_at": "traite_le",
        },
        owners=("reporter",),
        blank={"reason": ""},
        note="the report stays in the moderation queue, without its reason",
    ),
    Table(
        "exchange.ModerationEvent",
        "moderation",
        "décision de modération",
        {
            "post": "annonce",
            "message": "message",
            "action": "action",
            "note": "note",
            "created_at": "le",
        },
        owners=("moderator",),
        blank={"note": ""},
        note="the decision stays in the audit trail, without the moderator's words",
    ),
    # Cafés-rencontres.
    Table(
        "cafes.CafeSeries",
        "cafe_series_created",
        "série de cafés créée",
        {
            "weekday": "jour",
            "week_of_month": "semaine_du_mois",
            "start_time": "heure",
            "place_name": "lieu",
        },
        owners=("created_by",),
        note="the network's own calendar: kept",
    ),
    Table(
        "cafes.Cafe",
        "cafes",
        "café-rencontre",
        {"starts_at": "le", "place_name": "lieu", "status": "statut"},
        owners=("created_by", "hosts"),
        note="the network's cafés: kept; the member leaves the host team",
    ),
    Table(
        "cafes.Rsvp",
        "cafe_rsvps",
        "réponse à un café",
        {"cafe": "cafe", "acted_by": "repondu_par", "created_at": "le"},
        owners=("member",),
        mentions=("acted_by",),
        delete=DELETE_ALL,
    ),
    Table(
        "cafes.Attendance",
        "cafe_attendances",
        "présence à un café",
        {"cafe": "cafe", "is_newcomer": "nouveau_venu", "created_at": "le"},
        owners=("member",),
        mentions=("marked_by",),
        note="kept, anonymous: the café's figures (newcomers) stay right",
    ),
    Table(
        "cafes.CafeReminder",
        "cafe_reminders",
        "rappel de café",
        {"cafe": "cafe", "sent_at": "envoye_le"},
        owners=("member",),
        delete=DELETE_ALL,
    ),
    Table(
        "cafes.CafeChange",
        "cafe_changes_made",
        "changement de café fait",
        {"cafe": "cafe", "kind": "type", "created_at": "le"},
        owners=("made_by",),
        note="the change stays (others were told of it)",
    ),
    Table(
        "cafes.CafeChangeNotice",
        "cafe_change_notices",
        "avis de changement de café",
        {
            "change": "changement",
            "neighbours": "voisins",
            "text": "texte",
            "emailed_at": "envoye_le",
        },
        owners=("member",),
        delete=DELETE_ALL,
    ),
    # Collective projects.
    Table(
        "projects.Sheet",
        "sheets_edited",
        "fiche modifiée",
        {"title": "titre", "updated_at": "modifiee_le"},
        mentions=("updated_by",),
        note="the network's library: kept",
    ),
    Table(
        "projects.Project",
        "projects_started",
        "projet lancé",
        {"title": "titre", "status": "statut", "created_at": "cree_le"},
        owners=("created_by",),
        note="the collective's project: kept",
    ),
    Table(
        "projects.ProjectStep",
        "project_steps_done",
        "étape de projet faite",
        {"project": "projet", "text": "etape", "done_at": "faite_le"},
        mentions=("done_by",),
    ),
    Table(
        "projects.ProjectMember",
        "projects",
        "participation à un projet",
        {"project": "projet", "acted_by": "ajoute_par", "joined_at": "depuis_le"},
        owners=("member",),
        mentions=("acted_by",),
        delete=DELETE_ALL,
    ),
    Table(
        "projects.ProjectPhoto",
        "project_photos",
        "photo de projet",
        {"project": "projet", "image": "photo", "caption": "legende", "added_at": "ajoutee_le"},
        owners=("added_by",),
        delete=DELETE_ALL,
        files=("image",),
    ),
    # Group purchases.
    Table(
        "purchases.GroupPurchase",
        "purchases_organised",
        "achat groupé organisé",
        {"item": "article", "supplier": "fournisseur", "status": "statut", "created_at": "cree_le"},
        owners=("organiser",),
        note="the network's purchase: kept",
    ),
    Table(
        "purchases.Participation",
        "purchases",
        "commande d'achat groupé",
        {"purchase": "achat", "quantity": "quantite", "added_by": "passee_par", "created_at": "le"},
        owners=("member",),
        mentions=("added_by",),
        # An open purchase must not order for someone who left; a closed one keeps its
        # order as it went to the supplier (anonymous).
        delete=Q(purchase__status="open"),
    ),
    # The Groupe d'Animation's tasks.
    Table(
        "team.Event",
        "events_created",
        "fête créée",
        {"title": "titre", "year": "annee", "date": "date"},
        owners=("created_by",),
        note="the network's Fête: kept",
    ),
    Table(
        "team.Task",
        "tasks",
        "tâche",
        {
            "title": "titre",
            "notes": "notes",
            "assignee": "prise_par",
            "due_date": "echeance",
            "done_at": "faite_le",
            "done_by": "faite_par",
        },
        owners=("assignee", "created_by"),
        mentions=("done_by",),
        # The task goes back to the board, its notes (which may name people) go.
        blank={"notes": ""},
        unlink=("assignee",),
    ),
    # Newsletter.
    Table(
        "newsletter.Newsletter",
        "newsletters_written",
        "lettre écrite",
        {"subject": "objet", "status": "statut", "sent_at": "envoyee_le"},
        owners=("created_by",),
        mentions=("sent_by",),
        note="the network's newsletter and its archive: kept",
    ),
    Table(
        "newsletter.Delivery",
        "newsletter_deliveries",
        "lettre reçue",
        {"newsletter": "lettre", "sent_at": "envoyee_le"},
        owners=("member",),
        delete=DELETE_ALL,
    ),
    Table(
        "newsletter.NewsletterOptOut",
        "newsletter_opt_out",
        "désinscription de la lettre",
        {"created_at": "le"},
        owners=("member",),
        delete=DELETE_ALL,
    ),
)


def table(model_label: str) -> Table:
    for entry in TABLES:
        if entry.model.lower() == model_label.lower():
            return entry
    raise LookupError(model_label)


def _naming(lookups, member) -> Q:
    condition = Q(pk__in=[])
    for lookup in lookups:
        condition |= Q(**{lookup: member})
    return condition


def rows_of(entry: Table, member):
    """The rows of `entry` the member's download shows: their own and those naming them."""
    return entry.model_class.objects.filter(
        _naming(entry.owners + entry.mentions, member)
    ).distinct()


def rows_of_owner(entry: Table, member, lookups):
    """The rows `member` owns through `lookups` (foreign keys only)."""
    return entry.model_class.objects.filter(_naming(lookups, member))


def quoting_notifications(member):
    """Other members' notifications that quote `member` (their name, their post's title,
    their thanks, their moderation note): about their posts, their connections, their
    moderation decisions. Erasure reduces them to their kind."""
    from .models import ModerationEvent, Notification

    decisions = [
        f"moderation:{pk}"
        for pk in ModerationEvent.objects.filter(moderator=member).values_list("pk", flat=True)
    ]
    return Notification.objects.exclude(member=member).filter(
        Q(post__author=member)
        | Q(connection__requester=member)
        | Q(connection__post__author=member)
        | Q(dedupe_key__in=decisions)
    )
