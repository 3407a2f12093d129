"""FakeChorus: a small local HTTP server answering like PISTE's OAuth endpoint and Chorus
Pro's deposit and status services, for live-server and browser tests (the server thread
makes the calls, so `responses` cannot fake them):

    with FakeChorus() as fake, override_settings(**fake.settings()):
        ...  # the operator clicks "Déposer sur Chorus Pro", then "Actualiser le statut"

Every call is kept (`calls`: method, path, headers, JSON or form body); each deposit gets
a number and the status `next_status` (IN_INTEGRE unless a test says otherwise).
"""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

TOKEN_PATH = "/api/oauth/token"


class FakeChorus:
    def __init__(self, first_number: int = 1):
        """`first_number`: the first deposit number it gives (numbers are unique in our
        records, and each fake starts anew)."""
        self.first_number = first_number
        self.calls: list[tuple[str, str, dict, dict]] = []
        self.deposits: dict[str, dict] = {}
        self.next_status = "IN_INTEGRE"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                path = urlsplit(self.path).path
                body = dict(parse_qsl(raw)) if path == TOKEN_PATH else json.loads(raw or "{}")
                fake.calls.append(("POST", path, dict(self.headers), body))
                if path == TOKEN_PATH:
                    return self._reply(200, {"access_token": "fake-piste-token"})
                if self.headers.get("Authorization") != "Bearer fake-piste-token":
                    return self._reply(401, {"error": "invalid_token"})
                if path == "/cpro/factures/v1/deposer/flux":
                    number = f"CPP-FAKE-{len(fake.deposits) + fake.first_number:04d}"
                    fake.deposits[number] = {
                        "name": body["nomFichier"],
                        "pdf": base64.b64decode(body["fichierFlux"]),
                    }
                    return self._reply(
                        200,
                        {"codeRetour": 0, "numeroFluxDepot": number, "dateDepot": "2026-03-11"},
                    )
                if path == "/cpro/transverses/v1/consulterCRDetaille":
                    if body.get("numeroFluxDepot") not in fake.deposits:
                        return self._reply(200, {"codeRetour": 1, "libelle": "Flux inconnu"})
                    return self._reply(
                        200, {"codeRetour": 0, "etatCourantDepotFlux": fake.next_status}
                    )
                return self._reply(404, {"codeRetour": 1, "libelle": "Service inconnu"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def settings(self) -> dict:
        return {"CHORUS_PRO_API_BASE": self.url, "CHORUS_PRO_OAUTH_URL": self.url + TOKEN_PATH}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
