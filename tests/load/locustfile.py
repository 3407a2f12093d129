"""A café evening on the Quartier du Lavoir, and Coop-ère's side over 500 networks.

- 50 residents browse the posts (list, pages, a post), search them, look at the cafés,
  their notifications and the directory;
- 10 residents post (the form, then a new post) and tell a neighbour they are interested;
- one animator, at the café, registers newcomers through the pages (the at-the-café
  screen, the registration form, the first questionnaire step);
- coaches use the console (pipeline, a network's page, their week, failed tasks);
- partners use their portal (home, impact, a network, the report).

Every request is named by its page type (`name=`): the figures are per page type.
Residents, coaches and partners come back with the session their browser kept (opened
by prepare.py); the animator logs in through the login page.
Hosts: the server listens on 127.0.0.1; the Host header picks the network or the base
domain (no DNS needed for *.coopere.localhost).
"""

import itertools
import json
import os
import random
import re
import string
from pathlib import Path

from locust import FastHttpUser, between, task

BASE = os.environ.get("COOPERE_BASE_DOMAIN", "coopere.localhost")
CAFE_HOST = f"charge-000.{BASE}"
PASSWORD = "charge-cafe-rencontre"
SEARCHES = ["perceuse", "vélos", "echelle", "peinture", "raclette", "chat", "français"]

# Networks with a schema (prepare.py): the console's network page enters it.
_REAL = Path(__file__).resolve().parents[2] / ".data" / "load" / "real-networks.txt"
REAL_NETWORKS = _REAL.read_text().split() if _REAL.exists() else ["charge-000"]
# Sessions opened by prepare.py: residents, coaches and partners are already logged in.
SESSIONS = json.loads((_REAL.parent / "sessions.json").read_text())
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_residents = itertools.count()
_posters = itertools.count(50)
_coaches = itertools.count()
_partners = itertools.count()
_newcomers = itertools.count()


class Site(FastHttpUser):
    abstract = True
    host_name = BASE
    session_id = None

    def headers(self) -> dict:
        headers = {"Host": self.host_name}
        if self.session_id:
            # The cookies a browser keeps: its session and its CSRF secret (the pages' forms
            # carry a token made from it).
            headers["Cookie"] = f"sessionid={self.session_id}; csrftoken={self.csrf_secret}"
        return headers

    def page(self, path: str, name: str, **kwargs):
        with self.client.get(
            path, name=name, headers=self.headers(), catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            return response

    def send(self, path: str, name: str, data: dict, *, form_from):
        """POST a form as a browser does: the CSRF token of the page it sits on."""
        data = {**data, "csrfmiddlewaretoken": token_of(form_from)}
        with self.client.post(
            path,
            name=name,
            data=data,
            headers={**self.headers(), "Referer": f"http://{self.host_name}{path}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} on POST {path}")
            return response

    def resume(self, email: str) -> None:
        """Come back with the session the browser kept (prepare.py opened it)."""
        self.session_id = SESSIONS[email]
        self.csrf_secret = "".join(random.choices(string.ascii_letters + string.digits, k=32))

    def login(self, email: str) -> None:
        form = self.page("/connexion/", "connexion (page)")
        self.send(
            "/connexion/", "connexion", {"username": email, "password": PASSWORD}, form_from=form
        )


def token_of(response) -> str:
    found = _TOKEN.search(response.content or b"")
    return found.group(1).decode() if found else ""


def post_ids(response) -> list[int]:
    return [int(x) for x in re.findall(rb'href="/annonces/(\d+)/"', response.content or b"")]


class BrowsingResident(Site):
    fixed_count = 50
    wait_time = between(3, 10)
    host_name = CAFE_HOST

    def on_start(self):
        self.resume(f"voisin{next(_residents) % 50:02d}@charge.test")
        self.seen = []

    @task(4)
    def posts(self):
        response = self.page("/annonces/", "annonces: liste")
        self.seen = post_ids(response) or self.seen

    @task(2)
    def next_page(self):
        self.page(f"/annonces/?page={random.randint(2, 12)}", "annonces: page suivante")

    @task(3)
    def search(self):
        response = self.page(f"/annonces/?q={random.choice(SEARCHES)}", "annonces: recherche")
        self.seen = post_ids(response) or self.seen

    @task(4)
    def post(self):
        if self.seen:
            self.page(f"/annonces/{random.choice(self.seen)}/", "annonces: une annonce")

    @task(1)
    def cafes(self):
        self.page("/cafes/", "cafés")

    @task(1)
    def notifications(self):
        self.page("/notifications/", "notifications")

    @task(1)
    def directory(self):
        self.page("/membres/", "membres")

    @task(1)
    def home(self):
        self.page("/", "accueil du réseau")


class PostingResident(Site):
    fixed_count = 10
    wait_time = between(10, 30)
    host_name = CAFE_HOST

    def on_start(self):
        self.number = next(_posters)
        self.resume(f"voisin{self.number % 60:02d}@charge.test")

    @task(2)
    def new_post(self):
        form = self.page("/annonces/nouvelle/", "annonces: formulaire")
        theme = re.search(rb'name="theme"[^>]*>.*?<option value="(\d+)"', form.content, re.S)
        me = re.search(rb'name="pour" value="(\d+)"', form.content)
        self.send(
            "/annonces/nouvelle/",
            "annonces: publier",
            {
                "pour": me.group(1).decode() if me else "",
                "kind": random.choice(["offer", "need", "loan", "gift"]),
                "title": f"Coup de main du soir {random.randint(1, 10**6)}",
                "theme": theme.group(1).decode() if theme else "",
                "description": "Proposé au café-rencontre de ce soir.",
                "availability": "Le soir après 18 h",
            },
            form_from=form,
        )

    @task(1)
    def interest(self):
        listing = self.page("/annonces/?q=perceuse", "annonces: recherche")
        ids = post_ids(listing)
        if not ids:
            return
        pk = random.choice(ids)
        detail = self.page(f"/annonces/{pk}/", "annonces: une annonce")
        if b"/interesse/" not in detail.content:
            return  # their own post, or already in touch
        self.send(
            f"/annonces/{pk}/interesse/",
            "annonces: je suis intéressé·e",
            {"message": "Bonjour, je suis intéressé·e !"},
            form_from=detail,
        )


class Animator(Site):
    fixed_count = 1
    wait_time = between(15, 40)
    host_name = CAFE_HOST

    def on_start(self):
        self.login("animateur@charge.test")
        cafes = self.page("/cafes/", "cafés")
        found = re.search(rb'href="/cafes/(\d+)/"', cafes.content or b"")
        self.cafe = found.group(1).decode() if found else None

    @task
    def register_newcomer(self):
        if not self.cafe:
            return
        self.page(f"/cafes/{self.cafe}/au-cafe/", "café: au café")
        form = self.page(f"/cafes/{self.cafe}/au-cafe/inscrire/", "café: inscrire (page)")
        n = next(_newcomers)
        done = self.send(
            f"/cafes/{self.cafe}/au-cafe/inscrire/",
            "café: inscrire un voisin",
            {
                "first_name": f"Nouveau{n}",
                "last_name": f"Voisin{os.getpid()}",
                "address": f"{n % 80 + 1} rue du Lavoir",
                "household_size": "2",
                "phone": "",
                "email": "",
                "show_in_directory": "on",
                "consent": "on",
            },
            form_from=form,
        )
        location = done.headers.get("Location", "") if done.status_code == 302 else ""
        if "/questionnaire/" in location:
            self.page(location, "café: questionnaire")


class Coach(Site):
    fixed_count = 3
    wait_time = between(5, 15)

    def on_start(self):
        self.resume(f"coach{next(_coaches) % 4}@coopere.charge")

    @task(3)
    def pipeline(self):
        self.page("/console/", "console: pipeline")

    @task(3)
    def network(self):
        self.page(f"/console/reseaux/{random.choice(REAL_NETWORKS)}/", "console: un réseau")

    @task(1)
    def week(self):
        self.page("/console/accompagnement/", "console: ma semaine")

    @task(1)
    def failed_tasks(self):
        self.page("/console/taches/", "console: tâches en échec")


class Partner(Site):
    fixed_count = 5
    wait_time = between(5, 15)

    def on_start(self):
        self.number = next(_partners) % 10
        self.resume(f"partenaire{self.number:02d}@charge.test")
        home = self.page("/partenaires/", "portail: accueil")
        self.networks = [
            int(x) for x in re.findall(rb'href="/partenaires/reseaux/(\d+)/"', home.content or b"")
        ]

    @task(2)
    def home(self):
        self.page("/partenaires/", "portail: accueil")

    @task(2)
    def impact(self):
        self.page("/partenaires/impact/", "portail: impact")

    @task(2)
    def network(self):
        if self.networks:
            self.page(f"/partenaires/reseaux/{random.choice(self.networks)}/", "portail: un réseau")

    @task(1)
    def report(self):
        self.page("/partenaires/rapport/", "portail: rapport")
