"""The identity services the tests sign in with, run on loopback: a SAML 2.0 identity
provider built on pysaml2 (as BundID would answer) and an OpenID Connect provider
(django-oauth-toolkit in a second Django process). Both are real protocol peers: signed,
encrypted XML and signed ID tokens over HTTP, nothing of the portal replaced."""

import base64
import datetime
import html
import socket
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

XMLSEC = "/usr/bin/xmlsec1"
TRUST_LEVEL_ATTRIBUTE = "urn:oid:1.2.40.0.10.2.1.1.261.94"
BPK2 = "urn:oid:1.3.6.1.4.1.25484.494450.3"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_keypair(folder: Path, name: str) -> tuple[Path, Path]:
    """A private key and a self-signed certificate, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(app, port: int):
    server = make_server(
        "127.0.0.1", port, app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def cert_body(cert_path: Path) -> str:
    lines = cert_path.read_text().strip().splitlines()
    return "".join(line for line in lines if "CERTIFICATE" not in line)


class SamlIdP:
    """A SAML identity provider like BundID: HTTP-Redirect for requests, HTTP-POST for
    responses, signed and encrypted assertions, the trust level as an attribute, and single
    logout. ``sp_metadata`` is the portal's own metadata document, as an IdP operator
    would upload it."""

    def __init__(self, folder: Path, port: int | None = None, *, key_pair=None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.entity_id = f"{self.base}/metadata"
        self.key, self.cert = key_pair or make_keypair(folder, f"idp-{self.port}")
        self.server = None
        self.idp = None
        self.person = {"uid": "bpk2-erika-0001", "email": "erika@example.org"}
        self.trust_level = "STORK-QAA-Level-3"
        self.logouts: list[str] = []

    def config(self, sp_metadata: Path | None = None) -> dict:
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT

        conf = {
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC,
            "key_file": str(self.key),
            "cert_file": str(self.cert),
            "encryption_keypairs": [{"key_file": str(self.key), "cert_file": str(self.cert)}],
            "allow_unknown_attributes": True,
            "service": {
                "idp": {
                    "name": "Test-BundID",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base}/sso/redirect", BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{self.base}/slo/redirect", BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 15},
                            "name_form": NAME_FORMAT_URI,
                            "attribute_restrictions": None,
                        }
                    },
                    "sign_response": True,
                    "sign_assertion": True,
                    "signing_algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                    "digest_algorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
                },
            },
            "metadata": {"local": [str(sp_metadata)]} if sp_metadata else {},
        }
        return conf

    def metadata_file(self) -> Path:
        """The IdP's metadata, as BundID publishes it, for SAML_IDP_METADATA_FILE."""
        from saml2.config import IdPConfig
        from saml2.metadata import create_metadata_string

        conf = IdPConfig().load(self.config())
        path = self.folder / f"idp-{self.port}-metadata.xml"
        path.write_bytes(create_metadata_string(None, config=conf, valid=24))
        return path

    def load(self, sp_metadata: Path) -> "SamlIdP":
        from saml2.config import IdPConfig
        from saml2.server import Server

        self.idp = Server(config=IdPConfig().load(self.config(sp_metadata)))
        self.sp_entity_id = next(iter(self.idp.metadata.keys()))
        return self

    def start(self, sp_metadata: Path) -> "SamlIdP":
        self.load(sp_metadata)
        self.server = serve(self.app, self.port)
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # --- the protocol --------------------------------------------------------------

    def parse_request(self, query: dict):
        from saml2 import BINDING_HTTP_REDIRECT

        return self.idp.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)

    def response(
        self,
        request_id: str,
        *,
        audience: str | None = None,
        minutes: int = 15,
        encrypt: bool = True,
        trust_level: str | None = None,
    ) -> str:
        """A base64 SAMLResponse to the request, signed (and encrypted) by this IdP."""
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        sp_acs = self.acs_url()
        identity = {
            BPK2: [self.person["uid"]],
            "urn:oid:0.9.2342.19200300.100.1.3": [self.person["email"]],
            "urn:oid:2.5.4.42": [self.person.get("first_name", "Erika")],
            "urn:oid:2.5.4.4": [self.person.get("last_name", "Mustermann")],
            "urn:oid:2.5.4.9": ["Heidestraße 17"],
            "urn:oid:2.5.4.17": ["51147"],
            "urn:oid:0.9.2342.19200300.100.1.40": ["Köln"],
            TRUST_LEVEL_ATTRIBUTE: [trust_level or self.trust_level],
        }
        policy = self.idp.config.getattr("policy", "idp")
        policy._restrictions["default"]["lifetime"] = {"minutes": minutes}
        conditions = policy.conditions
        if audience:
            # An IdP that mixes up its relying parties: the assertion names another one.
            policy.conditions = lambda sp_entity_id: conditions(audience)
        response = self.idp.create_authn_response(
            identity,
            in_response_to=request_id,
            destination=sp_acs,
            sp_entity_id=self.sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.person["uid"]),
            authn={"class_ref": "http://eidas.europa.eu/LoA/substantial"},
            sign_response=False,
            sign_assertion=True,
        )
        policy._restrictions["default"]["lifetime"] = {"minutes": 15}
        policy.conditions = conditions
        xml = str(response).encode()
        if encrypt:
            xml = self.encrypt_assertion(xml)
        return base64.b64encode(xml).decode()

    def encrypt_assertion(self, xml: bytes) -> bytes:
        """Encrypt the signed assertion for the SP (AES-256-CBC, key wrapped with RSA-OAEP),
        as BundID does. pysaml2's own encryption breaks the assertion's signature, so the
        peer encrypts with python-xmlsec instead."""
        import xmlsec
        from lxml import etree

        saml = "urn:oasis:names:tc:SAML:2.0:assertion"
        root = etree.fromstring(xml)
        assertion = root.find(f"{{{saml}}}Assertion")
        # A document of its own, so that the assertion carries its namespaces with it.
        standalone = etree.fromstring(etree.tostring(assertion))
        template = xmlsec.template.encrypted_data_create(
            standalone, xmlsec.Transform.AES256, type=xmlsec.EncryptionType.ELEMENT, ns="xenc"
        )
        xmlsec.template.encrypted_data_ensure_cipher_value(template)
        key_info = xmlsec.template.encrypted_data_ensure_key_info(template, ns="dsig")
        encrypted_key = xmlsec.template.add_encrypted_key(key_info, xmlsec.Transform.RSA_OAEP)
        xmlsec.template.encrypted_data_ensure_cipher_value(encrypted_key)
        manager = xmlsec.KeysManager()
        manager.add_key(xmlsec.Key.from_memory(self.sp_cert_pem(), xmlsec.KeyFormat.CERT_PEM))
        context = xmlsec.EncryptionContext(manager)
        context.key = xmlsec.Key.generate(xmlsec.KeyData.AES, 256, xmlsec.KeyDataType.SESSION)
        encrypted = context.encrypt_xml(template, standalone)
        wrapper = etree.Element(f"{{{saml}}}EncryptedAssertion")
        wrapper.append(encrypted)
        root.replace(assertion, wrapper)
        return etree.tostring(root)

    def sp_cert_pem(self) -> str:
        body = "".join(self.sp_cert().split())
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"

    def acs_url(self) -> str:
        from saml2 import BINDING_HTTP_POST

        return self.idp.metadata.assertion_consumer_service(
            self.sp_entity_id, binding=BINDING_HTTP_POST
        )[0]["location"]

    def sp_cert(self) -> str:
        certs = self.idp.metadata.certs(self.sp_entity_id, "spsso", use="encryption")
        return certs[0][1]

    def logout_request_url(self) -> str:
        """The address with which the IdP ends the subject's session at the SP (signed
        HTTP-Redirect LogoutRequest), as BundID does when the citizen logs out there."""
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
        from saml2.xmldsig import SIG_RSA_SHA256

        _binding, destination = self.idp.pick_binding(
            "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=self.sp_entity_id
        )
        _id, request = self.idp.create_logout_request(
            destination,
            self.entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.person["uid"]),
        )
        http = self.idp.apply_binding(
            BINDING_HTTP_REDIRECT, str(request), destination, "", sign=True, sigalg=SIG_RSA_SHA256
        )
        return dict(http["headers"])["Location"]

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if path == "/sso/redirect":
            request = self.parse_request(query)
            relay = query.get("RelayState", [""])[0]
            body = (
                "<!doctype html><html lang='de'><title>Test-BundID</title>"
                "<h1>Test-BundID</h1><form method='post' action='/sso/login'>"
                f"<input type='hidden' name='id' value='{html.escape(request.message.id)}'>"
                f"<input type='hidden' name='relay' value='{html.escape(relay)}'>"
                "<label>Vertrauensniveau <select name='level'>"
                "<option>STORK-QAA-Level-1</option><option selected>STORK-QAA-Level-3</option>"
                "<option>STORK-QAA-Level-4</option></select></label>"
                "<button type='submit'>Mit Online-Ausweis anmelden</button></form>"
            )
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [body.encode()]
        if path == "/sso/login":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            saml_response = self.response(form["id"][0], trust_level=form["level"][0])
            relay = form.get("relay", [""])[0]
            body = (
                "<!doctype html><html lang='de'><title>Weiter</title>"
                f"<form method='post' action='{html.escape(self.acs_url())}'>"
                f"<input type='hidden' name='SAMLResponse' value='{saml_response}'>"
                f"<input type='hidden' name='RelayState' value='{html.escape(relay)}'>"
                "<button type='submit'>Weiter zum Portal</button></form>"
            )
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [body.encode()]
        if path == "/slo/redirect":
            return self.single_logout(query, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def single_logout(self, query: dict, start_response):
        from saml2 import BINDING_HTTP_REDIRECT

        request = self.idp.parse_logout_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        self.logouts.append(request.message.name_id.text)
        response = self.idp.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        binding, destination = self.idp.pick_binding(
            "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=self.sp_entity_id
        )
        http = self.idp.apply_binding(
            binding,
            str(response),
            destination,
            query.get("RelayState", [""])[0],
            response=True,
            sign=True,
        )
        start_response("303 See Other", http["headers"])
        return [b""]


class OidcProvider:
    """django-oauth-toolkit's OpenID Connect provider in a process of its own."""

    def __init__(
        self, folder: Path, redirect_uris: list[str], amr: str = "pwd,otp", consent: bool = False
    ) -> None:
        import os
        import subprocess
        import sys

        from tests.identity.oidc_provider import people as provider

        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/o"
        self.client_id, self.client_secret = provider.CLIENT_ID, provider.CLIENT_SECRET
        self.username, self.password = provider.USERNAME, provider.PASSWORD
        self.email = provider.EMAIL
        key, _cert = make_keypair(folder, "oidc")
        env = {
            **os.environ,
            "OIDC_TEST_DB": str(folder / "oidc.sqlite3"),
            "OIDC_TEST_KEY": str(key),
            "OIDC_TEST_REDIRECTS": " ".join(redirect_uris),
            "OIDC_TEST_AMR": amr,
            # A consent page after the login, where the person may also refuse.
            "OIDC_TEST_CONSENT": "1" if consent else "",
        }
        env.pop("DATABASE_URL", None)
        self.process = subprocess.Popen(  # noqa: S603 (our interpreter, our module)
            [sys.executable, "-m", "tests.identity.oidc_provider.serve", str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if line.strip() != "ready":
            self.process.kill()
            raise RuntimeError(f"OIDC provider did not start: {line}{self.process.stderr.read()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
