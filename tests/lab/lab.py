#!/usr/bin/env python3
"""The posture lab, described once.

This file is the single description of the lab: every web host, MX host, DNS
zone and lab collectivity. From it come
  - the server configurations `up` starts (`lab.py generate RUN_DIR`, then
    `lab.py unbound RUN_DIR` once knot has signed its zones),
  - the committed `targets.csv` (`lab.py targets-csv`) and
    `ground_truth.json` (`lab.py ground-truth`), which `check` verifies
    against the live servers with kdig/curl/openssl/swaks.

Only the Python standard library and the openssl/kdig command-line tools are
used. Nothing here contacts anything but loopback addresses.
"""

import base64
import csv
import datetime
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys

LAB_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(LAB_DIR))
REGISTRY_CSV = os.path.join(REPO_DIR, "targets", "data", "idf-collectivites.csv")

DNS_AUTH = "127.53.0.1"       # knot, authoritative for every lab zone
DNS_RESOLVER = "127.53.0.53"  # unbound, validating, forwards everything to knot
TTL = 300
NS_NAME = "ns1.idf.test."
CA_NAME = "Posture Lab CA"
CA_ORG = "Posture Lab"
# The CAA issuer-domain-name that stands for the lab CA (a real CA publishes
# one, e.g. "letsencrypt.org"; the lab CA's is this one).
CA_CAA_DOMAIN = "posture-lab.test"
NGINX_VERSION = "1.22.1"  # Debian 12's nginx; shown by the one host with server_tokens on

SIGNED_ZONE = "versailles.idf.test"
BOGUS_ZONE = "saint-ouen-sur-seine.idf.test"

# ---------------------------------------------------------------------------
# TLS profiles of the web hosts (nginx). `classes` is what a TLS <= 1.2 client
# can get accepted: null = an eNULL suite, cbc = a non-AEAD (CBC) suite,
# non_fs = a static-RSA (kRSA) suite, fs = an ECDHE suite (or TLS 1.3),
# aead = a GCM/ChaCha20 suite (or TLS 1.3). RC4, 3DES and export suites do not
# exist in Debian 12's OpenSSL 3.0, so no lab host can accept them.
# ---------------------------------------------------------------------------
MODERN_CIPHERS = ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                  "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                  "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")
ALL_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]

TLS_PROFILES = {
    # TLS 1.2 + 1.3, ECDHE + AEAD only.
    "modern": dict(protocols=["TLSv1.2", "TLSv1.3"], ciphers=MODERN_CIPHERS,
                   classes=dict(null=False, cbc=False, non_fs=False, fs=True, aead=True)),
    # Same, at security level 0 so that nginx serves a SHA-1 signed certificate.
    "modern-sl0": dict(protocols=["TLSv1.2", "TLSv1.3"], ciphers=MODERN_CIPHERS + ":@SECLEVEL=0",
                       classes=dict(null=False, cbc=False, non_fs=False, fs=True, aead=True)),
    # nginx's default cipher list: FS and AEAD preferred, CBC and static RSA still accepted.
    "platform": dict(protocols=["TLSv1.2", "TLSv1.3"], ciphers="HIGH:!aNULL:!MD5",
                     classes=dict(null=False, cbc=True, non_fs=True, fs=True, aead=True)),
    # TLS 1.0 and 1.1 still enabled.
    "legacy": dict(protocols=ALL_VERSIONS, ciphers="DEFAULT:@SECLEVEL=0",
                   classes=dict(null=False, cbc=True, non_fs=True, fs=True, aead=True)),
    # TLS 1.2 only, static RSA CBC and a NULL cipher: no forward secrecy, no AEAD.
    "weak": dict(protocols=["TLSv1.2"], ciphers="AES128-SHA:NULL-SHA256:@SECLEVEL=0",
                 classes=dict(null=True, cbc=True, non_fs=True, fs=False, aead=False)),
    # TLS 1.0-1.2, static RSA CBC only.
    "broken": dict(protocols=["TLSv1", "TLSv1.1", "TLSv1.2"], ciphers="AES128-SHA:AES256-SHA:@SECLEVEL=0",
                   classes=dict(null=False, cbc=True, non_fs=True, fs=False, aead=False)),
}

# ---------------------------------------------------------------------------
# Keys. Generated at `up` time into run/pki/keys/.
# ---------------------------------------------------------------------------
KEYS = {
    "ca": ("rsa", 2048),
    "web-rsa": ("rsa", 2048),
    "web-ec": ("ec", 256),
    "web-rsa1024": ("rsa", 1024),
    "mx-versailles": ("rsa", 2048),   # its own key: the TLSA 3 1 1 record pins it
    # Aliases: same key material, fewer keys to generate at `up` time.
    "mx": ("rsa", 2048),
    "dkim-2048": ("rsa", 2048),
    "dkim-1024": ("rsa", 1024),
}
KEY_ALIASES = {"mx": "web-rsa", "dkim-2048": "web-rsa", "dkim-1024": "web-rsa1024"}

# Certificate validity windows, in days relative to `up` time.
VALIDITY = {
    "normal": (-1, 89),
    "expired": (-120, -30),
    "soon": (-83, 7),
    "self": (-1, 365),
    "self-expired": (-400, -35),
}

# ---------------------------------------------------------------------------
# HTTP header sets.
# ---------------------------------------------------------------------------
CSP_STRICT = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
              "frame-ancestors 'none'; form-action 'self'")
CSP_PLATFORM = ("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; "
                "base-uri 'self'; frame-ancestors 'self'")
CSP_WEAK = "default-src * 'unsafe-inline' 'unsafe-eval'"
HSTS_2Y = "max-age=63072000; includeSubDomains; preload"
HSTS_1Y = "max-age=31536000"
HSTS_1D = "max-age=86400"

FULL_HEADERS = [
    ("Strict-Transport-Security", HSTS_2Y),
    ("Content-Security-Policy", CSP_STRICT),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
]
PLATFORM_HEADERS = [
    ("Strict-Transport-Security", HSTS_1Y),
    ("Content-Security-Policy", CSP_PLATFORM),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
]
PARTIAL_HEADERS = [
    ("Strict-Transport-Security", HSTS_1D),
    ("Content-Security-Policy", CSP_WEAK),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer-when-downgrade"),
]
# Everything but HSTS: for sites that serve HTTP without redirecting.
NO_HSTS_HEADERS = [h for h in FULL_HEADERS if h[0] != "Strict-Transport-Security"]

GOOD_COOKIES = ["session=lab-7f3a9c2e; Path=/; Secure; HttpOnly; SameSite=Lax"]
PLATFORM_COOKIES = ["PHPSESSID=lab4c1d2e3f4a5b6c7d8e9f0a1b2; path=/; secure; HttpOnly; SameSite=Strict"]
BAD_COOKIES = ["PHPSESSID=lab8d7c6b5a4f3e2d1c0b9a8f7e6d; path=/",
               "preferences=theme-clair; Path=/; SameSite=None"]
SECURITY_HEADER_NAMES = ["strict-transport-security", "content-security-policy", "x-frame-options",
                         "x-content-type-options", "referrer-policy", "permissions-policy",
                         "x-powered-by"]


def site(ip, tls="modern", cert=None, mode="same", headers=None, cookies=None, sectxt="valid",
         server_tokens=False, powered_by=None, generator=None, mixed=False, https=True):
    """A website served by nginx on its own IP, apex and www. alike.

    mode: "same" (http://h/ -> https://h/), "www" (everything -> https://www.d/),
    "chain" (3 redirects: http apex -> http www -> https www -> /portail/),
    "none" (http serves the page, no redirect), "http-only" (nothing on 443).
    cert: dict(key=, issuer="ca"|"self", validity=, md=, names=None (apex+www)).
    """
    return dict(ip=ip, tls=tls, cert=cert or dict(key="web-rsa", issuer="ca", validity="normal", md="sha256"),
                mode=mode, headers=FULL_HEADERS if headers is None else headers,
                cookies=GOOD_COOKIES if cookies is None else cookies, sectxt=sectxt,
                server_tokens=server_tokens, powered_by=powered_by, generator=generator,
                mixed=mixed, https=https and mode != "http-only", platform=False)


# ---------------------------------------------------------------------------
# MX hosts (postfix smtpd services, one per IP).
# ---------------------------------------------------------------------------
SMTP_PROFILES = {
    "valid": dict(starttls=True, cert=dict(issuer="ca", validity="normal"), protocols=["TLSv1.2", "TLSv1.3"]),
    "plain": dict(starttls=False, cert=None, protocols=[]),
    "selfsigned": dict(starttls=True, cert=dict(issuer="self", validity="self"), protocols=["TLSv1.2", "TLSv1.3"]),
    "expired": dict(starttls=True, cert=dict(issuer="ca", validity="expired"), protocols=["TLSv1.2", "TLSv1.3"]),
    "legacy": dict(starttls=True, cert=dict(issuer="ca", validity="normal"), protocols=ALL_VERSIONS),
}

MX_HOSTS = {
    "mx.versailles.idf.test": dict(ip="127.10.25.1", profile="valid", key="mx-versailles"),
    "mx.creteil.idf.test": dict(ip="127.10.25.3", profile="plain", key=None),
    "mx.saint-denis.idf.test": dict(ip="127.10.25.4", profile="selfsigned", key="mx"),
    "mx.boulogne-billancourt.idf.test": dict(ip="127.10.25.5", profile="expired", key="mx"),
    "mx.paris.idf.test": dict(ip="127.10.25.6", profile="legacy", key="mx"),
    "mx.sarcelles.idf.test": dict(ip="127.10.25.7", profile="plain", key=None),
    "mx.hebergeur.idf.test": dict(ip="127.10.25.100", profile="valid", key="mx"),
    "smtp-in.orange.fr": dict(ip="127.10.25.200", profile="valid", key="mx"),
    "gmail-smtp-in.l.google.com": dict(ip="127.10.25.201", profile="valid", key="mx"),
}

SHARED_WEB_IP = "127.10.1.100"   # web.hebergeur.idf.test: several sites, SNI
MTA_STS_IP = "127.10.1.250"      # mta-sts.<domain> policy hosts, SNI
SPF_HEBERGEUR = "include:spf.hebergeur.idf.test"

CONSUMER_DOMAINS = {"wanadoo.fr", "orange.fr", "gmail.com"}


def mail(mx=None, spf=None, spf_facts=None, dmarc=None, dmarc_facts=None, dkim=None,
         mta_sts=None, tlsrpt=None, caa=None, extra=None):
    """A mail domain. mx: list of (host, preference), [] for none, "null" for RFC 7505.
    spf: list of TXT records, each a list of strings. spf_facts: what RFC 7208
    evaluation must find (written by hand, verified by `check`)."""
    return dict(mx=mx if mx is not None else [], spf=spf or [], spf_facts=spf_facts,
                dmarc=dmarc, dmarc_facts=dmarc_facts, dkim=dkim, mta_sts=mta_sts,
                tlsrpt=tlsrpt, caa=caa or [], extra=extra or [])


def spf_ok(all_, lookups, ptr=False, void=0, note=None):
    return dict(result="valid", all=all_, lookups=lookups, void_lookups=void, ptr=ptr, note=note)


HEB_MX = [("mx.hebergeur.idf.test", 10)]
HEB_SPF = [["v=spf1 " + SPF_HEBERGEUR + " -all"]]


def dmarc_rec(p, rua=None, **extra):
    parts = ["v=DMARC1", "p=" + p]
    for k, v in extra.items():
        parts.append("%s=%s" % (k, v))
    if rua:
        parts.append("rua=mailto:" + rua)
    return "; ".join(parts)


def dmarc_facts(valid=True, p=None, sp=None, np=None, pct=None, t=None, rua=None,
                rua_external=False, rua_authorised=None, effective=None):
    return dict(valid=valid, p=p, sp=sp, np=np, pct=pct, t=t, rua=rua, rua_external=rua_external,
                rua_authorised=rua_authorised, effective_policy=effective)


# ---------------------------------------------------------------------------
# The lab collectivities. `registry` = (kind, code) of a real entry of
# targets/data/idf-collectivites.csv; name, département, population and EPCI
# are copied from there.
# ---------------------------------------------------------------------------
def coll(kind, code, tier, summary, phone, email, domain=None, site_=None, mails=None,
         zone_extra=None, platform_site=False, no_www=False):
    return dict(kind=kind, code=code, tier=tier, summary=summary, phone=phone, email=email,
                domain=domain, site=site_, mails=mails or {}, zone_extra=zone_extra or [],
                platform=platform_site, no_www=no_www)


COLLECTIVITIES = [
    coll("commune", "78646", "good",
         "The model: TLS 1.2/1.3, full headers, DNSSEC-signed zone, own MX with DANE (TLSA 3 1 1 matching), "
         "MTA-STS enforce, TLS-RPT, DKIM 2048, DMARC reject, SPF -all, CAA for the lab CA.",
         "01 30 97 80 00", "mairie@versailles.idf.test", "versailles.idf.test",
         site("127.10.1.1"),
         {"versailles.idf.test": mail(
             mx=[("mx.versailles.idf.test", 10)],
             # exp= (RFC 7208 §6.2): `posture spf` prints the expanded explanation on a fail.
             spf=[["v=spf1 mx -all exp=explication._spf.%{d}"]], spf_facts=spf_ok("-all", 1),
             extra=[("explication._spf", "TXT",
                     ['"%{i} n\'est pas un serveur d\'envoi de %{d}: voir https://www.versailles.idf.test/"'])],
             dmarc=dmarc_rec("reject", "dmarc@versailles.idf.test", adkim="s", aspf="s"),
             dmarc_facts=dmarc_facts(p="reject", rua=["mailto:dmarc@versailles.idf.test"], effective="reject"),
             dkim=("selector1", "dkim-2048"),
             mta_sts=dict(mode="enforce", mx=["mx.versailles.idf.test"], max_age=604800, id="20240115T093000"),
             tlsrpt="v=TLSRPTv1; rua=mailto:tlsrpt@versailles.idf.test",
             caa=['0 issue "%s"' % CA_CAA_DOMAIN, '0 iodef "mailto:securite@versailles.idf.test"'])}),

    coll("region", "11", "good",
         "Good, ECDSA certificate; mail on the shared MX, DMARC reject with an external rua that is "
         "authorised, MTA-STS testing, CAA naming another CA.",
         "01 53 85 53 85", "contact@iledefrance.idf.test", "iledefrance.idf.test",
         site("127.10.1.2", cert=dict(key="web-ec", issuer="ca", validity="normal", md="sha256")),
         {"iledefrance.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject", "dmarc@rapports-dmarc.test"),
             dmarc_facts=dmarc_facts(p="reject", rua=["mailto:dmarc@rapports-dmarc.test"], rua_external=True,
                                     rua_authorised=True, effective="reject"),
             dkim=("selector1", "dkim-2048"),
             mta_sts=dict(mode="testing", mx=["mx.hebergeur.idf.test"], max_age=86400, id="20240301T120000"),
             tlsrpt="v=TLSRPTv1; rua=mailto:tlsrpt@iledefrance.idf.test",
             caa=['0 issue "letsencrypt.org"'])}),

    coll("commune", "75056", "average",
         "TLS 1.0/1.1 still enabled on the website and on its own MX; SPF through redirect=; "
         "DMARC quarantine pct=50; DKIM 1024-bit; a TLSA record that does not match the MX certificate.",
         "01 42 76 40 40", "contact@paris.idf.test", "paris.idf.test",
         site("127.10.1.3", tls="legacy"),
         {"paris.idf.test": mail(
             mx=[("mx.paris.idf.test", 10)],
             spf=[["v=spf1 redirect=_spf.paris.idf.test"]],
             spf_facts=spf_ok("-all", 3, note="redirect (1) + mx:paris (1) + a:relais (1) in _spf.paris.idf.test"),
             dmarc=dmarc_rec("quarantine", "dmarc@paris.idf.test", pct="50"),
             dmarc_facts=dmarc_facts(p="quarantine", pct=50, rua=["mailto:dmarc@paris.idf.test"],
                                     effective="quarantine"),
             dkim=("selector1", "dkim-1024"),
             extra=[("_spf", "TXT", ['"v=spf1 mx:paris.idf.test a:relais.paris.idf.test ip4:127.10.25.6 -all"']),
                    ("relais", "A", ["127.10.25.6"]),
                    ("_25._tcp.mx", "TLSA", ["3 1 1 " + hashlib.sha256(b"not the key of mx.paris").hexdigest()])])}),

    coll("commune", "93048", "average",
         "http:// redirects to https://www. (another host); mail on the shared MX, SPF ~all, DMARC none, no DKIM.",
         "01 48 70 60 00", "contact@montreuil.idf.test", "montreuil.idf.test",
         site("127.10.1.4", mode="www"),
         {"montreuil.idf.test": mail(
             mx=HEB_MX, spf=[["v=spf1 " + SPF_HEBERGEUR + " ~all"]], spf_facts=spf_ok("~all", 1),
             dmarc=dmarc_rec("none", "dmarc@montreuil.idf.test"),
             dmarc_facts=dmarc_facts(p="none", rua=["mailto:dmarc@montreuil.idf.test"], effective="none"))}),

    coll("commune", "93066", "bad",
         "Weak ciphers only (TLS 1.2, AES128-SHA static RSA CBC and NULL-SHA256); MX with a self-signed "
         "certificate; SPF include chain of 12 DNS lookups (permerror); DMARC reject with sp=none.",
         "01 49 33 66 66", "contact@saint-denis.idf.test", "saint-denis.idf.test",
         site("127.10.1.5", tls="weak"),
         {"saint-denis.idf.test": mail(
             mx=[("mx.saint-denis.idf.test", 10)],
             spf=[["v=spf1 mx include:_spf1.saint-denis.idf.test " + SPF_HEBERGEUR + " -all"]],
             spf_facts=dict(result="permerror", reason="too many DNS lookups", all="-all", lookups=12,
                            void_lookups=0, ptr=False,
                            note="top 3 (mx, include, include) + _spf1 3 (a, a, include) + _spf2 4 "
                                 "(a, a, a, include) + _spf3 2 (a, a) = 12 > 10"),
             dmarc=dmarc_rec("reject", "dmarc@saint-denis.idf.test", sp="none"),
             dmarc_facts=dmarc_facts(p="reject", sp="none", rua=["mailto:dmarc@saint-denis.idf.test"],
                                     effective="reject"),
             extra=[("_spf1", "TXT", ['"v=spf1 a:smtp1.saint-denis.idf.test a:smtp2.saint-denis.idf.test '
                                      'include:_spf2.saint-denis.idf.test ~all"']),
                    ("_spf2", "TXT", ['"v=spf1 a:smtp3.saint-denis.idf.test a:smtp4.saint-denis.idf.test '
                                      'a:smtp5.saint-denis.idf.test include:_spf3.saint-denis.idf.test ?all"']),
                    ("_spf3", "TXT", ['"v=spf1 a:smtp6.saint-denis.idf.test a:smtp7.saint-denis.idf.test -all"'])]
             + [("smtp%d" % i, "A", ["127.10.26.%d" % i]) for i in range(1, 8)])}),

    coll("departement", "78", "average",
         "A 3-hop redirect chain (http apex -> http www -> https www -> /portail/); SPF in one TXT record "
         "split in two strings in the middle of a name; DMARC reject with t=y; MTA-STS enforce whose policy "
         "does not list the real MX.",
         "01 39 07 78 78", "contact@yvelines.idf.test", "yvelines.idf.test",
         site("127.10.1.6", mode="chain"),
         {"yvelines.idf.test": mail(
             mx=HEB_MX, spf=[["v=spf1 ip4:127.10.26.0/24 include:spf.heber", "geur.idf.test -all"]],
             spf_facts=spf_ok("-all", 1, note="two strings joined without a space (RFC 7208 3.3)"),
             dmarc=dmarc_rec("reject", "dmarc@yvelines.idf.test", t="y"),
             dmarc_facts=dmarc_facts(p="reject", t="y", rua=["mailto:dmarc@yvelines.idf.test"],
                                     effective="quarantine"),
             dkim=("selector1", "dkim-2048"),
             mta_sts=dict(mode="enforce", mx=["mail.yvelines.idf.test"], max_age=604800, id="20231001T080000",
                          mx_match=False))}),

    coll("epci", "247800584", "average",
         "Website on the shared hosting platform (SNI, nginx default ciphers, HSTS 1 year, CSP with "
         "unsafe-inline); mail on the shared MX, DMARC quarantine.",
         "01 39 66 30 00", "contact@versaillesgrandparc.idf.test", "versaillesgrandparc.idf.test",
         None,
         {"versaillesgrandparc.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("quarantine", "dmarc@versaillesgrandparc.idf.test"),
             dmarc_facts=dmarc_facts(p="quarantine", rua=["mailto:dmarc@versaillesgrandparc.idf.test"],
                                     effective="quarantine"),
             dkim=("selector1", "dkim-2048"))},
         platform_site=True),

    coll("commune", "92012", "bad",
         "HSTS max-age=86400 and partial, weak headers; MX with an expired certificate; SPF ?all; "
         "an invalid DMARC record (no semicolons).",
         "01 55 18 53 00", "mairie@boulogne-billancourt.idf.test", "boulogne-billancourt.idf.test",
         site("127.10.1.8", headers=PARTIAL_HEADERS, cookies=[]),
         {"boulogne-billancourt.idf.test": mail(
             mx=[("mx.boulogne-billancourt.idf.test", 10)], spf=[["v=spf1 mx ?all"]], spf_facts=spf_ok("?all", 1),
             dmarc="v=DMARC1 p=quarantine rua=mailto:dmarc@boulogne-billancourt.idf.test",
             dmarc_facts=dmarc_facts(valid=False))}),

    coll("commune", "94028", "bad",
         "No security header at all; MX without STARTTLS; two v=spf1 records; no DMARC.",
         "01 49 56 36 00", "contact@creteil.idf.test", "creteil.idf.test",
         site("127.10.1.9", headers=[], cookies=[]),
         {"creteil.idf.test": mail(
             mx=[("mx.creteil.idf.test", 10)],
             spf=[["v=spf1 mx -all"], ["v=spf1 ip4:127.10.25.3 ~all"]],
             spf_facts=dict(result="permerror", reason="two v=spf1 records", all=None, lookups=None,
                            void_lookups=None, ptr=False),
             dmarc=None, dmarc_facts=None)}),

    coll("commune", "95127", "average",
         "Cookies without flags (a PHP session cookie without Secure/HttpOnly, SameSite=None without "
         "Secure); SPF with ptr; DMARC quarantine reporting to an external rua that did not authorise it.",
         "01 34 33 44 00", "contact@cergy.idf.test", "cergy.idf.test",
         site("127.10.1.10", cookies=BAD_COOKIES),
         {"cergy.idf.test": mail(
             mx=HEB_MX, spf=[["v=spf1 ptr " + SPF_HEBERGEUR + " -all"]], spf_facts=spf_ok("-all", 2, ptr=True),
             dmarc=dmarc_rec("quarantine", "dmarc@agence-conseil.test"),
             dmarc_facts=dmarc_facts(p="quarantine", rua=["mailto:dmarc@agence-conseil.test"],
                                     rua_external=True, rua_authorised=False, effective="quarantine"))}),

    coll("commune", "91228", "average",
         "security.txt expired and without Contact; SPF with 3 void lookups (permerror); "
         "DMARC reject with sp=quarantine and np=reject.",
         "01 69 91 60 00", "contact@evry-courcouronnes.idf.test", "evry-courcouronnes.idf.test",
         site("127.10.1.11", sectxt="invalid"),
         {"evry-courcouronnes.idf.test": mail(
             mx=HEB_MX,
             spf=[["v=spf1 a:ancien-smtp1.evry-courcouronnes.idf.test a:ancien-smtp2.evry-courcouronnes.idf.test "
                   "a:ancien-smtp3.evry-courcouronnes.idf.test " + SPF_HEBERGEUR + " -all"]],
             spf_facts=dict(result="permerror", reason="more than 2 void lookups", all="-all", lookups=4,
                            void_lookups=3, ptr=False),
             dmarc=dmarc_rec("reject", "dmarc@evry-courcouronnes.idf.test", sp="quarantine", np="reject"),
             dmarc_facts=dmarc_facts(p="reject", sp="quarantine", np="reject",
                                     rua=["mailto:dmarc@evry-courcouronnes.idf.test"], effective="reject"))}),

    coll("commune", "77288", "average",
         "Mixed content (a script over http://); DKIM at the 'google' selector; DMARC reject.",
         "01 64 52 10 00", "contact@melun.idf.test", "melun.idf.test",
         site("127.10.1.12", mixed=True),
         {"melun.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject", "dmarc@melun.idf.test"),
             dmarc_facts=dmarc_facts(p="reject", rua=["mailto:dmarc@melun.idf.test"], effective="reject"),
             dkim=("google", "dkim-2048"))}),

    coll("commune", "78551", "average",
         "Version disclosure: Server nginx/1.22.1, X-Powered-By PHP/7.4.33, WordPress 5.8 generator meta.",
         "01 30 87 20 00", "contact@saint-germain-en-laye.idf.test", "saint-germain-en-laye.idf.test",
         site("127.10.1.13", server_tokens=True, powered_by="PHP/7.4.33", generator="WordPress 5.8"),
         {"saint-germain-en-laye.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject"), dmarc_facts=dmarc_facts(p="reject", effective="reject"))}),

    coll("commune", "92050", "bad",
         "Website certificate expired (issued by the lab CA); SPF ~all; DMARC quarantine.",
         "01 47 29 50 50", "contact@nanterre.idf.test", "nanterre.idf.test",
         site("127.10.1.14", cert=dict(key="web-rsa", issuer="ca", validity="expired", md="sha256")),
         {"nanterre.idf.test": mail(
             mx=HEB_MX, spf=[["v=spf1 " + SPF_HEBERGEUR + " ~all"]], spf_facts=spf_ok("~all", 1),
             dmarc=dmarc_rec("quarantine"), dmarc_facts=dmarc_facts(p="quarantine", effective="quarantine"))}),

    coll("commune", "93005", "bad",
         "Self-signed website certificate; no SPF; DMARC none.",
         "01 48 79 63 63", "contact@aulnay-sous-bois.idf.test", "aulnay-sous-bois.idf.test",
         site("127.10.1.15", cert=dict(key="web-rsa", issuer="self", validity="self", md="sha256")),
         {"aulnay-sous-bois.idf.test": mail(
             mx=HEB_MX, spf=[], spf_facts=dict(result="none", all=None, lookups=None, void_lookups=None, ptr=False),
             dmarc=dmarc_rec("none"), dmarc_facts=dmarc_facts(p="none", effective="none"))}),

    coll("commune", "94081", "bad",
         "Website certificate for another host name (intranet.vitry-sur-seine.idf.test).",
         "01 46 82 80 00", "contact@vitry-sur-seine.idf.test", "vitry-sur-seine.idf.test",
         site("127.10.1.16", cert=dict(key="web-rsa", issuer="ca", validity="normal", md="sha256",
                                      names=["intranet.vitry-sur-seine.idf.test"])),
         {"vitry-sur-seine.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject"), dmarc_facts=dmarc_facts(p="reject", effective="reject"),
             dkim=("selector1", "dkim-2048"))}),

    coll("commune", "91377", "average",
         "Website certificate expiring in 7 days; DKIM at selector2.",
         "01 69 53 78 00", "contact@massy.idf.test", "massy.idf.test",
         site("127.10.1.17", cert=dict(key="web-rsa", issuer="ca", validity="soon", md="sha256")),
         {"massy.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("quarantine", "dmarc@massy.idf.test"),
             dmarc_facts=dmarc_facts(p="quarantine", rua=["mailto:dmarc@massy.idf.test"], effective="quarantine"),
             dkim=("selector2", "dkim-2048"))}),

    coll("commune", "77186", "average",
         "Website certificate signed with SHA-1 by the lab CA (served at security level 0).",
         "01 60 74 64 64", "contact@fontainebleau.idf.test", "fontainebleau.idf.test",
         site("127.10.1.18", tls="modern-sl0", cert=dict(key="web-rsa", issuer="ca", validity="normal", md="sha1")),
         {"fontainebleau.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject", "dmarc@fontainebleau.idf.test"),
             dmarc_facts=dmarc_facts(p="reject", rua=["mailto:dmarc@fontainebleau.idf.test"], effective="reject"))}),

    coll("commune", "95018", "bad",
         "HTTP only: nothing listens on 443; SPF ~all; DMARC none.",
         "01 34 23 41 00", "contact@argenteuil.idf.test", "argenteuil.idf.test",
         site("127.10.1.19", mode="http-only", headers=[], cookies=[], sectxt="missing"),
         {"argenteuil.idf.test": mail(
             mx=HEB_MX, spf=[["v=spf1 " + SPF_HEBERGEUR + " ~all"]], spf_facts=spf_ok("~all", 1),
             dmarc=dmarc_rec("none"), dmarc_facts=dmarc_facts(p="none", effective="none"))}),

    coll("commune", "92063", "average",
         "HTTPS works but http:// serves the site without redirecting, and no HSTS.",
         "01 47 32 65 65", "contact@rueil-malmaison.idf.test", "rueil-malmaison.idf.test",
         site("127.10.1.20", mode="none", headers=NO_HSTS_HEADERS),
         {"rueil-malmaison.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("none", "dmarc@rueil-malmaison.idf.test"),
             dmarc_facts=dmarc_facts(p="none", rua=["mailto:dmarc@rueil-malmaison.idf.test"], effective="none"))}),

    coll("commune", "77015", "bad",
         "A small commune with no website at all and a consumer mailbox (wanadoo.fr).",
         "01 64 01 23 45", "mairie.baby@wanadoo.fr"),

    coll("commune", "78297", "average",
         "Website on the shared hosting platform, official e-mail at orange.fr; its own domain has no MX, "
         "no SPF and no DMARC.",
         "01 30 48 33 33", "mairie.guyancourt@orange.fr", "guyancourt.idf.test", None,
         {"guyancourt.idf.test": mail(
             mx=[], spf=[], spf_facts=dict(result="none", all=None, lookups=None, void_lookups=None, ptr=False))},
         platform_site=True),

    coll("departement", "92", "good",
         "Website on the shared platform at hauts-de-seine.idf.test, a domain that sends and receives no "
         "mail (null MX, v=spf1 -all, DMARC reject); mail at cd92.idf.test on the shared MX.",
         "01 47 29 30 00", "contact@cd92.idf.test", "hauts-de-seine.idf.test", None,
         {"cd92.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject", "dmarc@cd92.idf.test"),
             dmarc_facts=dmarc_facts(p="reject", rua=["mailto:dmarc@cd92.idf.test"], effective="reject"),
             dkim=("selector1", "dkim-2048"),
             tlsrpt="v=TLSRPTv1; rua=mailto:tlsrpt@cd92.idf.test"),
          "hauts-de-seine.idf.test": mail(
             mx="null", spf=[["v=spf1 -all"]], spf_facts=spf_ok("-all", 0),
             dmarc=dmarc_rec("reject"), dmarc_facts=dmarc_facts(p="reject", effective="reject"))},
         platform_site=True),

    coll("commune", "95585", "bad",
         "Everything broken: TLS 1.0-1.2 with static-RSA CBC ciphers only, a self-signed expired 1024-bit "
         "certificate, no redirect, no headers, cookies without flags, PHP/5.6.40 and Drupal 7 disclosed, "
         "mixed content, no security.txt; MX without STARTTLS, SPF +all, no DMARC, no DKIM.",
         "01 34 38 20 00", "mairie@sarcelles.idf.test", "sarcelles.idf.test",
         site("127.10.1.24", tls="broken", mode="none", headers=[], cookies=BAD_COOKIES[:1], sectxt="missing",
              server_tokens=True, powered_by="PHP/5.6.40", generator="Drupal 7 (http://drupal.org)", mixed=True,
              cert=dict(key="web-rsa1024", issuer="self", validity="self-expired", md="sha256")),
         {"sarcelles.idf.test": mail(
             mx=[("mx.sarcelles.idf.test", 10)], spf=[["v=spf1 +all"]], spf_facts=spf_ok("+all", 0),
             dmarc=None, dmarc_facts=None)}),

    coll("commune", "93070", "bad",
         "DNSSEC bogus: the zone is signed but the lab resolver's trust anchor (DS) does not match its key, "
         "so every name under it is SERVFAIL through the validating resolver (127.53.0.53). Behind it, a "
         "correct site on the shared platform and mail on the shared MX (visible with +cd).",
         "01 49 45 67 89", "contact@saint-ouen-sur-seine.idf.test", "saint-ouen-sur-seine.idf.test", None,
         {"saint-ouen-sur-seine.idf.test": mail(
             mx=HEB_MX, spf=HEB_SPF, spf_facts=spf_ok("-all", 1),
             dmarc=dmarc_rec("reject"), dmarc_facts=dmarc_facts(p="reject", effective="reject"))},
         platform_site=True),

    coll("commune", "77009", "bad",
         "A small commune with no website and a consumer mailbox (gmail.com).",
         "01 64 24 56 78", "mairie.arville77@gmail.com"),
]


# ---------------------------------------------------------------------------
# Consumer mailbox providers and other support zones.
# ---------------------------------------------------------------------------
def provider_mails():
    return {
        "orange.fr": mail(
            mx=[("smtp-in.orange.fr", 10)], spf=[["v=spf1 include:_spf.orange.fr -all"]],
            spf_facts=spf_ok("-all", 1),
            dmarc=dmarc_rec("none", "dmarc@orange.fr"),
            dmarc_facts=dmarc_facts(p="none", rua=["mailto:dmarc@orange.fr"], effective="none"),
            extra=[("_spf", "TXT", ['"v=spf1 ip4:127.10.25.200 ip4:127.20.1.0/24 -all"'])]),
        "wanadoo.fr": mail(
            mx=[("smtp-in.orange.fr", 10)], spf=[["v=spf1 include:orange.fr -all"]],
            spf_facts=spf_ok("-all", 2, note="include:orange.fr (1) + include:_spf.orange.fr (1)"),
            dmarc=dmarc_rec("none"), dmarc_facts=dmarc_facts(p="none", effective="none")),
        "gmail.com": mail(
            mx=[("gmail-smtp-in.l.google.com", 5)], spf=[["v=spf1 redirect=_spf.google.com"]],
            spf_facts=spf_ok("~all", 4, note="redirect (1) + 3 includes of _netblocks in _spf.google.com"),
            dmarc=dmarc_rec("none", "mailauth-reports@google.com", sp="quarantine"),
            dmarc_facts=dmarc_facts(p="none", sp="quarantine", rua=["mailto:mailauth-reports@google.com"],
                                    rua_external=True, rua_authorised=True, effective="none"),
            dkim=("20230601", "dkim-2048")),
    }


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw).stdout


def registry_rows():
    rows = {}
    with open(REGISTRY_CSV, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[(r["kind"], r["code"])] = r
    return rows


def web_names(c):
    d = c["domain"]
    return [d] if c.get("no_www") else [d, "www." + d]


def site_of(c):
    """The site spec of a collectivity (platform sites get the platform profile)."""
    if c["domain"] is None:
        return None
    if c["platform"]:
        s = site(SHARED_WEB_IP, tls="platform", headers=PLATFORM_HEADERS, cookies=PLATFORM_COOKIES,
                 sectxt="missing")
        s["platform"] = True
        return s
    return c["site"]


def all_mail_domains():
    """Every mail domain the lab serves: domain -> mail spec."""
    out = dict(provider_mails())
    for c in COLLECTIVITIES:
        out.update(c["mails"])
    return out


def mta_sts_domains():
    return sorted(d for d, m in all_mail_domains().items() if m["mta_sts"])


def cert_names(c, s):
    return s["cert"].get("names") or web_names(c)


# ---------------------------------------------------------------------------
# PKI
# ---------------------------------------------------------------------------
def utc(days):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return t.strftime("%Y%m%d%H%M%SZ")


class Pki:
    def __init__(self, run_dir):
        self.dir = os.path.join(run_dir, "pki")
        self.keys = os.path.join(self.dir, "keys")
        os.makedirs(self.keys, exist_ok=True)
        os.makedirs(os.path.join(self.dir, "newcerts"), exist_ok=True)
        self._spki = {}
        self.req_cnf = os.path.join(self.dir, "req.cnf")
        with open(self.req_cnf, "w") as f:
            f.write("[ req ]\ndistinguished_name = dn\n[ dn ]\n")
        open(os.path.join(self.dir, "index.txt"), "w").close()
        with open(os.path.join(self.dir, "serial"), "w") as f:
            f.write("1000\n")
        with open(os.path.join(self.dir, "ca.cnf"), "w") as f:
            f.write("""[ ca ]
default_ca = lab
[ lab ]
dir = %s
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
certificate = $dir/ca.pem
private_key = $dir/keys/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
commonName = supplied
""" % self.dir)

    def key(self, name):
        return os.path.join(self.keys, KEY_ALIASES.get(name, name) + ".key")

    def make_keys(self):
        procs = []
        for name, (alg, bits) in KEYS.items():
            if name in KEY_ALIASES:
                continue
            if alg == "rsa":
                cmd = ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:%d" % bits]
            else:
                cmd = ["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
            procs.append(subprocess.Popen(cmd + ["-out", self.key(name)], stderr=subprocess.PIPE))
        for p in procs:
            if p.wait() != 0:
                raise SystemExit("openssl genpkey failed: " + p.stderr.read().decode())

    def make_ca(self):
        run(["openssl", "req", "-x509", "-new", "-key", self.key("ca"), "-subj", "/O=%s/CN=%s" % (CA_ORG, CA_NAME),
             "-days", "3650", "-sha256",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-addext", "subjectKeyIdentifier=hash",
             "-out", os.path.join(self.dir, "ca.pem")])

    def issue(self, out_name, key, names, issuer="ca", validity="normal", md="sha256"):
        """Writes pki/<out_name>.pem (leaf) and pki/<out_name>.chain.pem (leaf + CA for CA-issued)."""
        alg = KEYS[key][0]
        csr = os.path.join(self.dir, out_name + ".csr")
        ext = os.path.join(self.dir, out_name + ".ext")
        pem = os.path.join(self.dir, out_name + ".pem")
        ku = "digitalSignature, keyEncipherment" if alg == "rsa" else "digitalSignature"
        with open(ext, "w") as f:
            f.write("[ ext ]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, %s\n"
                    "extendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\n" % ku)
            if issuer == "ca":
                f.write("authorityKeyIdentifier = keyid\n")
            f.write("subjectAltName = %s\n" % ", ".join("DNS:" + n for n in names))
        start, end = VALIDITY[validity]
        if issuer == "ca" and validity == "normal":
            # One command: `req -CA` signs directly (its notBefore is now).
            run(["openssl", "req", "-new", "-key", self.key(key), "-subj", "/CN=" + names[0],
                 "-config", self.req_cnf, "-CA", os.path.join(self.dir, "ca.pem"), "-CAkey", self.key("ca"),
                 "-days", str(end), "-" + md,
                 "-addext", "basicConstraints=critical,CA:FALSE",
                 "-addext", "keyUsage=critical," + ku.replace(" ", ""),
                 "-addext", "extendedKeyUsage=serverAuth",
                 "-addext", "authorityKeyIdentifier=keyid",
                 "-addext", "subjectAltName=" + ",".join("DNS:" + n for n in names),
                 "-out", pem])
        else:
            self._issue_with_ca(key, names, issuer, start, end, md, csr, ext, pem)
        chain = os.path.join(self.dir, out_name + ".chain.pem")
        with open(chain, "w") as f:
            f.write(open(pem).read())
            if issuer == "ca":
                f.write(open(os.path.join(self.dir, "ca.pem")).read())
        return chain, self.key(key)

    def _issue_with_ca(self, key, names, issuer, start, end, md, csr, ext, pem):
        """`openssl ca`, which can set notBefore/notAfter in the past."""
        run(["openssl", "req", "-new", "-key", self.key(key), "-subj", "/CN=" + names[0], "-config", self.req_cnf,
             "-out", csr])
        cmd = ["openssl", "ca", "-batch", "-notext", "-config", os.path.join(self.dir, "ca.cnf"),
               "-extfile", ext, "-extensions", "ext", "-in", csr, "-out", pem, "-md", md,
               "-startdate", utc(start), "-enddate", utc(end)]
        if issuer == "self":
            cmd += ["-selfsign", "-keyfile", self.key(key)]
        run(cmd)

    def spki_der(self, key):
        path = self.key(key)
        if path not in self._spki:
            self._spki[path] = run(["openssl", "pkey", "-in", path, "-pubout", "-outform", "DER"])
        return self._spki[path]

    def spki_sha256(self, key):
        return hashlib.sha256(self.spki_der(key)).hexdigest()

    def pub_b64(self, key):
        return base64.b64encode(self.spki_der(key)).decode()


# ---------------------------------------------------------------------------
# DNS zones
# ---------------------------------------------------------------------------
def txt(*strings):
    """A TXT rdata of one or more strings (each <= 255 bytes)."""
    out = []
    for s in strings:
        while len(s) > 255:
            out.append(s[:255])
            s = s[255:]
        out.append(s)
    return " ".join('"%s"' % s.replace('"', '\\"') for s in out)


class Zone:
    def __init__(self, origin):
        self.origin = origin.rstrip(".") + "."
        self.records = []
        self.add("@", "SOA", "%s hostmaster.idf.test. 2024010101 3600 900 604800 %d" % (NS_NAME, TTL))
        self.add("@", "NS", NS_NAME)

    def add(self, name, rtype, rdata):
        self.records.append((name, rtype, rdata))

    def text(self):
        lines = ["$ORIGIN %s" % self.origin, "$TTL %d" % TTL]
        for name, rtype, rdata in self.records:
            lines.append("%-40s IN %-6s %s" % (name, rtype, rdata))
        return "\n".join(lines) + "\n"


def rel(name, origin):
    """name relative to origin ('@' for the apex)."""
    name = name.rstrip(".")
    origin = origin.rstrip(".")
    if name == origin:
        return "@"
    assert name.endswith("." + origin), (name, origin)
    return name[: -len(origin) - 1]


def zone_of(name, zones):
    best = None
    for z in zones:
        zz = z.rstrip(".")
        if name == zz or name.endswith("." + zz) or zz == "":
            if best is None or len(zz) > len(best.rstrip(".")):
                best = z
    return best


def build_zones(pki):
    zones = {}

    def zone(origin):
        if origin not in zones:
            zones[origin] = Zone(origin)
        return zones[origin]

    def put(fqdn, rtype, rdata):
        z = zone_of(fqdn, [k for k in zones if k != "."]) or "."
        zones[z].add(rel(fqdn, z) if z != "." else fqdn + ".", rtype, rdata)

    root = zone(".")
    root.origin = "."
    zone("idf.test")
    put("ns1.idf.test", "A", DNS_AUTH)
    zone("hebergeur.idf.test")
    zone("rapports-dmarc.test")
    zone("agence-conseil.test")
    for d in ["orange.fr", "wanadoo.fr", "gmail.com", "google.com"]:
        zone(d)
    zone("10.127.in-addr.arpa")
    for c in COLLECTIVITIES:
        if c["domain"]:
            zone(c["domain"])
        for d in c["mails"]:
            zone(d)

    # Hosting platform, report receivers, providers.
    put("hebergeur.idf.test", "A", SHARED_WEB_IP)
    put("web.hebergeur.idf.test", "A", SHARED_WEB_IP)
    put("hebergeur.idf.test", "MX", "10 mx.hebergeur.idf.test.")
    put("hebergeur.idf.test", "TXT", txt("v=spf1 ip4:127.10.25.100 -all"))
    put("_dmarc.hebergeur.idf.test", "TXT", txt("v=DMARC1; p=reject"))
    put("spf.hebergeur.idf.test", "TXT", txt("v=spf1 ip4:127.10.25.100 ip4:127.10.26.100 -all"))
    for d in ["rapports-dmarc.test", "agence-conseil.test"]:
        put(d, "MX", "10 mx.hebergeur.idf.test.")
        put(d, "TXT", txt("v=spf1 " + SPF_HEBERGEUR + " -all"))
        put("_dmarc." + d, "TXT", txt("v=DMARC1; p=reject"))
    # rapports-dmarc.test authorises the region's reports, agence-conseil.test authorises nobody.
    put("iledefrance.idf.test._report._dmarc.rapports-dmarc.test", "TXT", txt("v=DMARC1"))
    put("_spf.google.com", "TXT", txt("v=spf1 include:_netblocks.google.com include:_netblocks2.google.com "
                                      "include:_netblocks3.google.com ~all"))
    put("_netblocks.google.com", "TXT", txt("v=spf1 ip4:127.10.25.201 ip4:127.20.2.0/24 ~all"))
    put("_netblocks2.google.com", "TXT", txt("v=spf1 ip4:127.20.3.0/24 ~all"))
    put("_netblocks3.google.com", "TXT", txt("v=spf1 ip4:127.20.4.0/24 ~all"))
    put("google.com", "TXT", txt("v=spf1 include:_spf.google.com ~all"))
    put("google.com", "MX", "10 gmail-smtp-in.l.google.com.")
    # _report._dmarc authorisation for gmail.com's own reports is implicit (same organisation):
    put("gmail.com._report._dmarc.google.com", "TXT", txt("v=DMARC1"))

    for host, h in MX_HOSTS.items():
        put(host, "A", h["ip"])
        a, b, c_, d = h["ip"].split(".")
        put("%s.%s.10.127.in-addr.arpa" % (d, c_), "PTR", host + ".")
    put("100.1.10.127.in-addr.arpa", "PTR", "web.hebergeur.idf.test.")
    # TLSA for the model MX (DNSSEC-signed zone): 3 1 1 = SHA-256 of the MX key's SPKI.
    put("_25._tcp.mx.versailles.idf.test", "TLSA", "3 1 1 " + pki.spki_sha256("mx-versailles"))

    # Web hosts.
    for c in COLLECTIVITIES:
        s = site_of(c)
        if s is None:
            continue
        for n in web_names(c):
            put(n, "A", s["ip"])
    # MTA-STS policy hosts.
    for d in mta_sts_domains():
        put("mta-sts." + d, "A", MTA_STS_IP)

    # Mail domains.
    for d, m in all_mail_domains().items():
        if m["mx"] == "null":
            put(d, "MX", "0 .")
        else:
            for host, pref in m["mx"]:
                put(d, "MX", "%d %s." % (pref, host))
        for rec in m["spf"]:
            put(d, "TXT", " ".join('"%s"' % s for s in rec))
        if m["dmarc"]:
            put("_dmarc." + d, "TXT", txt(m["dmarc"]))
        if m["dkim"]:
            sel, key = m["dkim"]
            put("%s._domainkey.%s" % (sel, d), "TXT", txt("v=DKIM1; k=rsa; p=" + pki.pub_b64(key)))
        if m["mta_sts"]:
            put("_mta-sts." + d, "TXT", txt("v=STSv1; id=%s" % m["mta_sts"]["id"]))
        if m["tlsrpt"]:
            put("_smtp._tls." + d, "TXT", txt(m["tlsrpt"]))
        for caa in m["caa"]:
            put(d, "CAA", caa)
        for name, rtype, values in m["extra"]:
            for v in values:
                put(name + "." + d, rtype, v)
    # Something at the apex of the provider zones, like the real ones.
    put("orange.fr", "A", "127.10.1.200")
    put("gmail.com", "A", "127.10.1.201")
    # Non-mail TXT records at some apexes (verification tokens), as real zones have.
    put("versailles.idf.test", "TXT", txt("google-site-verification=lab-versailles-0123456789"))
    put("paris.idf.test", "TXT", txt("MS=ms12345678"))
    return zones


def write_zones(run_dir, pki):
    zdir = os.path.join(run_dir, "knot", "zones")
    os.makedirs(zdir, exist_ok=True)
    zones = build_zones(pki)
    names = []
    for origin, z in sorted(zones.items()):
        fname = "root.zone" if origin == "." else origin.rstrip(".") + ".zone"
        with open(os.path.join(zdir, fname), "w") as f:
            f.write(z.text())
        names.append((origin, fname))
    return names


def write_knot(run_dir, zone_files):
    kdir = os.path.join(run_dir, "knot")
    for sub in ["db", "kasp"]:
        os.makedirs(os.path.join(kdir, sub), exist_ok=True)
    lines = ["server:",
             '    rundir: "%s"' % kdir,
             '    pidfile: "%s/knot.pid"' % kdir,
             "    listen: %s@53" % DNS_AUTH,
             "    udp-workers: 1",
             "    tcp-workers: 1",
             "    background-workers: 1",
             '    identity: ""',
             '    version: ""',
             "log:",
             '  - target: "%s/knot.log"' % kdir,
             "    any: info",
             "database:",
             '    storage: "%s/db"' % kdir,
             '    kasp-db: "%s/kasp"' % kdir,
             "policy:",
             "  - id: lab",
             "    algorithm: ecdsap256sha256",
             "    single-type-signing: on",
             "    ksk-lifetime: 0",
             "    zsk-lifetime: 0",
             "    nsec3: off",
             "template:",
             "  - id: default",
             '    storage: "%s/zones"' % kdir,
             "    zonefile-sync: -1",
             "    zonefile-load: whole",
             "    journal-content: none",
             "    semantic-checks: on",
             "zone:"]
    for origin, fname in zone_files:
        lines.append('  - domain: "%s"' % origin)
        lines.append("    file: %s" % fname)
        if origin.rstrip(".") in (SIGNED_ZONE, BOGUS_ZONE):
            lines.append("    dnssec-signing: on")
            lines.append("    dnssec-policy: lab")
    with open(os.path.join(kdir, "knot.conf"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------
# Web (nginx)
# ---------------------------------------------------------------------------
def page_html(title, s):
    gen = '<meta name="%s" content="%s">\n' % ("Generator" if "Drupal" in (s.get("generator") or "") else "generator",
                                               s["generator"]) if s.get("generator") else ""
    script = ('<script src="http://static.%s/js/app.js"></script>\n' % s["_domain"]) if s.get("mixed") \
        else '<script src="/js/site.js"></script>\n'
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n%s"
            "<title>%s - site officiel (lab posture)</title>\n</head>\n<body>\n<h1>%s</h1>\n"
            "<p>Site de laboratoire de posture : configuration connue, voir tests/lab/ground_truth.json.</p>\n"
            "%s</body>\n</html>\n" % (gen, title, title, script))


def security_txt(kind, contact_domain):
    if kind == "valid":
        expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=180)).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z")
        return ("Contact: mailto:securite@%s\r\nExpires: %s\r\nPreferred-Languages: fr, en\r\n"
                "Canonical: https://%s/.well-known/security.txt\r\n" % (contact_domain, expires, contact_domain))
    # Invalid: no Contact, Expires in the past.
    return "Expires: 2023-01-31T23:00:00.000Z\nPreferred-Languages: fr\nPolicy: https://%s/securite\n" % contact_domain


def routes(c, s):
    """The behaviour of each (scheme, host): ("redirect", status, url_prefix) (path appended),
    ("serve", root_redirect or None), or None (nothing listens)."""
    d = c["domain"]
    www = "www." + d
    out = {}
    for h in web_names(c):
        mode = s["mode"]
        if mode == "same":
            out[("http", h)] = ("redirect", 301, "https://" + h)
            out[("https", h)] = ("serve", None)
        elif mode == "www":
            out[("http", h)] = ("redirect", 301, "https://" + www)
            out[("https", h)] = ("serve", None) if h == www else ("redirect", 301, "https://" + www)
        elif mode == "chain":
            out[("http", h)] = ("redirect", 301, "http://" + www) if h == d else ("redirect", 301, "https://" + www)
            out[("https", h)] = ("serve", (302, "https://%s/portail/" % www)) if h == www \
                else ("redirect", 301, "https://" + www)
        elif mode == "none":
            out[("http", h)] = ("serve", None)
            out[("https", h)] = ("serve", None)
        elif mode == "http-only":
            out[("http", h)] = ("serve", None)
            out[("https", h)] = None
    return out


def follow(c, s, scheme, host, path="/"):
    """The redirect chain nginx will produce: [[status, location], ..., [200, None]]."""
    r = routes(c, s)
    chain = []
    for _ in range(12):
        beh = r.get((scheme, host))
        if beh is None:
            return chain, None
        if beh[0] == "redirect":
            loc = beh[2] + path
        elif beh[1] is not None and path == "/":
            loc = beh[1][1]
            chain.append([beh[1][0], loc])
            scheme, rest = loc.split("://", 1)
            host, path = rest.split("/", 1)[0], "/" + rest.split("/", 1)[1]
            continue
        else:
            chain.append([200, None])
            return chain, "%s://%s%s" % (scheme, host, path)
        chain.append([beh[1], loc])
        scheme, rest = loc.split("://", 1)
        host, path = rest.split("/", 1)[0], "/" + rest.split("/", 1)[1]
    raise RuntimeError("redirect loop")


def nginx_quote(v):
    return '"%s"' % v.replace("\\", "\\\\").replace('"', '\\"')


def write_nginx(run_dir, pki):
    ndir = os.path.join(run_dir, "nginx")
    www_root = os.path.join(run_dir, "www")
    for sub in ["tmp", "sites", "logs", "overrides"]:
        os.makedirs(os.path.join(ndir, sub), exist_ok=True)
    os.makedirs(www_root, exist_ok=True)
    servers = []

    def tls_lines(profile, chain, key):
        p = TLS_PROFILES[profile]
        return ["    ssl_certificate %s;" % chain, "    ssl_certificate_key %s;" % key,
                "    ssl_protocols %s;" % " ".join(p["protocols"]),
                "    ssl_ciphers %s;" % nginx_quote(p["ciphers"]),
                "    ssl_prefer_server_ciphers on;"]

    def header_file(name, headers, powered_by, cookies):
        path = os.path.join(ndir, "sites", name)
        with open(path, "w") as f:
            for k, v in headers:
                f.write("add_header %s %s always;\n" % (k, nginx_quote(v)))
            if powered_by:
                f.write("add_header X-Powered-By %s always;\n" % nginx_quote(powered_by))
            for ck in cookies:
                f.write("add_header Set-Cookie %s;\n" % nginx_quote(ck))
            # Test hook: a site's override, empty at `up`, rewritten by `reconfigure` (README).
            override = os.path.join(ndir, "overrides", name.rsplit(".", 1)[0] + ".conf")
            open(override, "a").close()
            f.write("include %s;\n" % override)
        return path

    platform_default_done = False
    for c in COLLECTIVITIES:
        s = site_of(c)
        if s is None:
            continue
        s = dict(s)
        s["_domain"] = c["domain"]
        slug = c["domain"].replace(".", "_")
        root = os.path.join(www_root, slug)
        os.makedirs(os.path.join(root, ".well-known"), exist_ok=True)
        os.makedirs(os.path.join(root, "js"), exist_ok=True)
        os.makedirs(os.path.join(root, "portail"), exist_ok=True)
        reg_name = c.get("_name", c["domain"])
        with open(os.path.join(root, "index.html"), "w") as f:
            f.write(page_html(reg_name, s))
        with open(os.path.join(root, "portail", "index.html"), "w") as f:
            f.write(page_html(reg_name, s))
        with open(os.path.join(root, "js", "site.js"), "w") as f:
            f.write("/* lab */\n")
        if s["sectxt"] != "missing":
            with open(os.path.join(root, ".well-known", "security.txt"), "w") as f:
                f.write(security_txt(s["sectxt"], c["domain"]))
        hdr_common = header_file(slug + ".headers", s["headers"], s["powered_by"], [])
        hdr_page = header_file(slug + ".page", s["headers"], s["powered_by"], s["cookies"])
        hdr_plain = header_file(slug + ".plain", [h for h in s["headers"] if h[0] != "Strict-Transport-Security"],
                                s["powered_by"], [])
        hdr_plain_page = header_file(slug + ".plainpage",
                                     [h for h in s["headers"] if h[0] != "Strict-Transport-Security"],
                                     s["powered_by"], s["cookies"])
        chain = key = None
        if s["https"]:
            chain, key = pki.issue("web-" + slug, s["cert"]["key"], cert_names(c, s), s["cert"]["issuer"],
                                   s["cert"]["validity"], s["cert"]["md"])
        if s["platform"] and not platform_default_done:
            # The platform's own name, default server of its IP.
            pchain, pkey = pki.issue("web-hebergeur", "web-rsa", ["web.hebergeur.idf.test", "hebergeur.idf.test"])
            proot = os.path.join(www_root, "hebergeur")
            os.makedirs(proot, exist_ok=True)
            with open(os.path.join(proot, "index.html"), "w") as f:
                f.write("<!DOCTYPE html><html><head><title>Hebergeur</title></head><body>Hebergeur</body></html>\n")
            servers.append("\n".join([
                "server {", "    listen %s:80 default_server;" % SHARED_WEB_IP,
                "    server_name web.hebergeur.idf.test hebergeur.idf.test;",
                "    return 301 https://$host$request_uri;", "}",
                "server {", "    listen %s:443 ssl default_server;" % SHARED_WEB_IP,
                "    server_name web.hebergeur.idf.test hebergeur.idf.test;"]
                + tls_lines("platform", pchain, pkey) + ["    root %s;" % proot, "}"]))
            platform_default_done = True
        for (scheme, host), beh in sorted(routes(c, s).items()):
            if beh is None:
                continue
            port = 443 if scheme == "https" else 80
            lines = ["server {", "    listen %s:%d%s;" % (s["ip"], port, " ssl" if port == 443 else ""),
                     "    server_name %s;" % host,
                     "    server_tokens %s;" % ("on" if s["server_tokens"] else "off")]
            if port == 443:
                lines += tls_lines(s["tls"], chain, key)
            if beh[0] == "redirect":
                if port == 443:
                    lines.append("    include %s;" % hdr_common)
                lines.append("    return %d %s$request_uri;" % (beh[1], beh[2]))
            else:
                common = hdr_common if port == 443 else hdr_plain
                page = hdr_page if port == 443 else hdr_plain_page
                lines += ["    root %s;" % root,
                          "    include %s;" % common,
                          "    location = /.well-known/security.txt {",
                          "        include %s;" % common,
                          "        default_type text/plain;",
                          "        charset utf-8;",
                          "    }"]
                if beh[1] is not None:
                    lines += ["    location = / {", "        include %s;" % common,
                              "        return %d %s;" % beh[1], "    }",
                              "    location = /portail/ {", "        include %s;" % page,
                              "        try_files /portail/index.html =404;", "    }"]
                else:
                    lines += ["    location = / {", "        include %s;" % page,
                              "        try_files /index.html =404;", "    }"]
            lines.append("}")
            servers.append("\n".join(lines))

    # MTA-STS policy hosts, on one IP with one certificate.
    doms = mta_sts_domains()
    if doms:
        mchain, mkey = pki.issue("web-mta-sts", "web-rsa", ["mta-sts." + d for d in doms])
        mroot = os.path.join(www_root, "mta-sts")
        for d in doms:
            m = all_mail_domains()[d]["mta_sts"]
            droot = os.path.join(mroot, d, ".well-known")
            os.makedirs(droot, exist_ok=True)
            with open(os.path.join(droot, "mta-sts.txt"), "w", newline="") as f:
                f.write("version: STSv1\r\nmode: %s\r\n" % m["mode"])
                for mx in m["mx"]:
                    f.write("mx: %s\r\n" % mx)
                f.write("max_age: %d\r\n" % m["max_age"])
            servers.append("\n".join(
                ["server {", "    listen %s:443 ssl;" % MTA_STS_IP, "    server_name mta-sts.%s;" % d,
                 "    server_tokens off;"] + tls_lines("modern", mchain, mkey) +
                ["    root %s;" % os.path.join(mroot, d),
                 "    location = /.well-known/mta-sts.txt { default_type text/plain; }",
                 "    location / { return 404; }", "}"]))

    conf = """# Generated by tests/lab/lab.py: do not edit.
worker_processes 1;
pid %(n)s/nginx.pid;
error_log %(n)s/logs/error.log warn;
events { worker_connections 1024; }
http {
    # Which server address and name each request reached (the e2e opt-out test reads it).
    log_format lab '$remote_addr $server_addr:$server_port host=$host sni=$ssl_server_name '
                   '[$time_local] "$request" $status $body_bytes_sent "$http_user_agent"';
    access_log %(n)s/logs/access.log lab;
    client_body_temp_path %(n)s/tmp/body;
    proxy_temp_path %(n)s/tmp/proxy;
    fastcgi_temp_path %(n)s/tmp/fastcgi;
    uwsgi_temp_path %(n)s/tmp/uwsgi;
    scgi_temp_path %(n)s/tmp/scgi;
    types { text/html html; text/plain txt; application/javascript js; }
    default_type application/octet-stream;
    charset_types text/plain;
    sendfile on;
    keepalive_timeout 10;
    server_names_hash_bucket_size 128;
    ssl_session_cache off;
%(servers)s
}
""" % dict(n=ndir, servers="\n".join(servers))
    with open(os.path.join(ndir, "nginx.conf"), "w") as f:
        f.write(conf)


# ---------------------------------------------------------------------------
# Mail (postfix)
# ---------------------------------------------------------------------------
def write_postfix(run_dir, pki):
    pdir = os.path.join(run_dir, "postfix")
    etc = os.path.join(pdir, "etc")
    os.makedirs(etc, exist_ok=True)
    os.makedirs(os.path.join(pdir, "spool"), exist_ok=True)
    os.makedirs(os.path.join(pdir, "data"), exist_ok=True)
    shutil.chown(os.path.join(pdir, "data"), "postfix", "postfix")
    # Postfix's install manifest, read by `postfix check` (not configuration).
    for f in ["postfix-files", "dynamicmaps.cf"]:
        shutil.copy(os.path.join("/etc/postfix", f), os.path.join(etc, f))
    for d in ["postfix-files.d", "dynamicmaps.cf.d"]:
        src = os.path.join("/etc/postfix", d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(etc, d))
    main = """# Generated by tests/lab/lab.py: do not edit. A postfix instance that
# answers EHLO/STARTTLS on the lab MX addresses and never delivers anything.
compatibility_level = 3.6
config_directory = %(etc)s
meta_directory = %(etc)s
queue_directory = %(pdir)s/spool
data_directory = %(pdir)s/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = %(pdir)s/maillog
maillog_file_prefixes = %(pdir)s
myhostname = mx.lab.idf.test
mydomain = lab.idf.test
myorigin = $myhostname
mydestination =
relay_domains =
mynetworks =
# Postfix only accepts interface addresses here, and the lab MX addresses are
# not interface addresses (Linux routes all of 127/8 to lo): every smtpd in
# master.cf names its own 127.10.25.x address, so nothing binds this one.
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
alias_maps =
alias_database =
local_recipient_maps =
default_transport = error:lab delivers nothing
relay_transport = error:lab delivers nothing
local_transport = error:lab delivers nothing
virtual_transport = error:lab delivers nothing
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtpd_peername_lookup = no
smtpd_client_restrictions =
smtpd_helo_restrictions =
smtpd_sender_restrictions =
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
smtpd_banner = $myhostname ESMTP
smtpd_tls_security_level = none
smtpd_tls_loglevel = 0
smtpd_tls_session_cache_database =
biff = no
append_dot_mydomain = no
readme_directory = no
""" % dict(etc=etc, pdir=pdir)
    with open(os.path.join(etc, "main.cf"), "w") as f:
        f.write(main)
    master = ["# Generated by tests/lab/lab.py: do not edit.",
              "# service type  private unpriv  chroot  wakeup  maxproc command + args"]
    for host, h in sorted(MX_HOSTS.items(), key=lambda kv: kv[1]["ip"]):
        p = SMTP_PROFILES[h["profile"]]
        # syslog_name: each MX's lines in the maillog name it (postfix/<mx host>/smtpd).
        args = ["-o myhostname=%s" % host, "-o syslog_name=postfix/%s" % host]
        if p["starttls"]:
            chain, key = pki.issue("mx-" + host.replace(".", "_"), h["key"], [host], p["cert"]["issuer"],
                                   p["cert"]["validity"])
            args += ["-o smtpd_tls_security_level=may",
                     "-o smtpd_tls_chain_files=%s,%s" % (key, chain),
                     "-o smtpd_tls_protocols=%s" % (">=TLSv1" if "TLSv1" in p["protocols"] else ">=TLSv1.2"),
                     "-o smtpd_tls_exclude_ciphers=aNULL,eNULL"]
            if "TLSv1" in p["protocols"]:
                args += ["-o tls_medium_cipherlist=DEFAULT:@SECLEVEL=0"]
        master.append("%s:25 inet n - n - - smtpd\n  %s" % (h["ip"], "\n  ".join(args)))
    master += [
        "pickup    unix  n       -       n       60      1       pickup",
        "cleanup   unix  n       -       n       -       0       cleanup",
        "qmgr      unix  n       -       n       300     1       qmgr",
        "tlsmgr    unix  -       -       n       1000?   1       tlsmgr",
        "rewrite   unix  -       -       n       -       -       trivial-rewrite",
        "bounce    unix  -       -       n       -       0       bounce",
        "defer     unix  -       -       n       -       0       bounce",
        "trace     unix  -       -       n       -       0       bounce",
        "verify    unix  -       -       n       -       1       verify",
        "flush     unix  n       -       n       1000?   0       flush",
        "proxymap  unix  -       -       n       -       -       proxymap",
        "smtp      unix  -       -       n       -       -       error",
        "relay     unix  -       -       n       -       -       error",
        "showq     unix  n       -       n       -       -       showq",
        "error     unix  -       -       n       -       -       error",
        "retry     unix  -       -       n       -       -       error",
        "discard   unix  -       -       n       -       -       discard",
        "local     unix  -       n       n       -       -       error",
        "virtual   unix  -       n       n       -       -       error",
        "lmtp      unix  -       -       n       -       -       error",
        "anvil     unix  -       -       n       -       1       anvil",
        "scache    unix  -       -       n       -       1       scache",
        "postlog   unix-dgram n  -       n       -       1       postlogd",
    ]
    with open(os.path.join(etc, "master.cf"), "w") as f:
        f.write("\n".join(master) + "\n")


# ---------------------------------------------------------------------------
# Unbound (after knot has signed its zones)
# ---------------------------------------------------------------------------
def key_tag(flags, proto, alg, key_b64):
    rdata = struct.pack("!HBB", flags, proto, alg) + base64.b64decode(key_b64)
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


def wire_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.lower().encode()
    return out + b"\0"


def ds_for(zone, flags, proto, alg, key_b64):
    rdata = struct.pack("!HBB", flags, proto, alg) + base64.b64decode(key_b64)
    digest = hashlib.sha256(wire_name(zone) + rdata).hexdigest().upper()
    return "%s. DS %d %d 2 %s" % (zone, key_tag(flags, proto, alg, key_b64), alg, digest)


def dnskeys(zone):
    out = run(["kdig", "@" + DNS_AUTH, "+short", "+norecurse", zone, "DNSKEY"]).decode().split("\n")
    keys = []
    for line in out:
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "257":
            keys.append((int(parts[0]), int(parts[1]), int(parts[2]), "".join(parts[3:])))
    if not keys:
        raise SystemExit("lab: no DNSKEY 257 for %s at %s (knot did not sign it?)" % (zone, DNS_AUTH))
    return keys


def write_unbound(run_dir):
    udir = os.path.join(run_dir, "unbound")
    os.makedirs(udir, exist_ok=True)
    anchors = []
    for flags, proto, alg, key in dnskeys(SIGNED_ZONE):
        anchors.append(ds_for(SIGNED_ZONE, flags, proto, alg, key))
    for flags, proto, alg, key in dnskeys(BOGUS_ZONE):
        # A DS for the right key tag whose digest is of another key: a botched rollover.
        real = ds_for(BOGUS_ZONE, flags, proto, alg, key)
        wrong = hashlib.sha256(b"not the key of " + BOGUS_ZONE.encode()).hexdigest().upper()
        anchors.append(" ".join(real.split()[:5] + [wrong]))
    with open(os.path.join(run_dir, "trust-anchors"), "w") as f:
        f.write("\n".join(anchors) + "\n")
    conf = ["# Generated by tests/lab/lab.py: do not edit.",
            "server:",
            "    interface: %s" % DNS_RESOLVER,
            "    port: 53",
            "    do-ip6: no",
            "    do-daemonize: yes",
            '    username: ""',
            '    chroot: ""',
            '    directory: "%s"' % udir,
            '    pidfile: "%s/unbound.pid"' % udir,
            '    logfile: "%s/unbound.log"' % udir,
            "    use-syslog: no",
            "    verbosity: 1",
            "    val-log-level: 2",
            "    num-threads: 1",
            "    so-reuseport: no",
            "    access-control: 127.0.0.0/8 allow",
            "    do-not-query-localhost: no",
            '    module-config: "validator iterator"',
            "    qname-minimisation: no",
            "    harden-dnssec-stripped: yes",
            "    trust-anchor-signaling: no",
            "    root-key-sentinel: no",
            "    prefetch: no",
            "    cache-max-ttl: 60",
            "    cache-max-negative-ttl: 10",
            '    local-zone: "test." nodefault',
            '    local-zone: "127.in-addr.arpa." nodefault',
            '    domain-insecure: "10.127.in-addr.arpa."']
    for a in anchors:
        conf.append('    trust-anchor: "%s"' % a)
    conf += ["remote-control:", "    control-enable: no",
             "forward-zone:", '    name: "."', "    forward-addr: %s@53" % DNS_AUTH, "    forward-first: no"]
    with open(os.path.join(udir, "unbound.conf"), "w") as f:
        f.write("\n".join(conf) + "\n")


# ---------------------------------------------------------------------------
# generate
# ---------------------------------------------------------------------------
def generate(run_dir):
    reg = registry_rows()
    for c in COLLECTIVITIES:
        r = reg.get((c["kind"], c["code"]))
        if r is None:
            raise SystemExit("lab: %s:%s is not in %s" % (c["kind"], c["code"], REGISTRY_CSV))
        c["_name"] = r["name"]
    pki = Pki(run_dir)
    pki.make_keys()
    pki.make_ca()
    shutil.copy(os.path.join(pki.dir, "ca.pem"), os.path.join(run_dir, "ca.pem"))
    zone_files = write_zones(run_dir, pki)
    write_knot(run_dir, zone_files)
    write_nginx(run_dir, pki)
    write_postfix(run_dir, pki)
    with open(os.path.join(run_dir, "resolver"), "w") as f:
        f.write(DNS_RESOLVER + "\n")
    with open(os.path.join(run_dir, "authoritative"), "w") as f:
        f.write(DNS_AUTH + "\n")
    # What `up` waits for and `down` checks.
    with open(os.path.join(run_dir, "endpoints"), "w") as f:
        for ip, port, proto in endpoints():
            f.write("%s %s %d\n" % (proto, ip, port))
    with open(os.path.join(run_dir, "tlsa-versailles"), "w") as f:
        f.write("_25._tcp.mx.versailles.idf.test. TLSA 3 1 1 %s\n" % pki.spki_sha256("mx-versailles"))


def endpoints():
    out = [(DNS_AUTH, 53, "udp"), (DNS_AUTH, 53, "tcp"), (DNS_RESOLVER, 53, "udp"), (DNS_RESOLVER, 53, "tcp")]
    seen = set()
    for c in COLLECTIVITIES:
        s = site_of(c)
        if s is None:
            continue
        for (scheme, _h), beh in routes(c, s).items():
            if beh is None:
                continue
            e = (s["ip"], 443 if scheme == "https" else 80, "tcp")
            if e not in seen:
                seen.add(e)
                out.append(e)
    if mta_sts_domains():
        out.append((MTA_STS_IP, 443, "tcp"))
    for h in MX_HOSTS.values():
        out.append((h["ip"], 25, "tcp"))
    return out


# ---------------------------------------------------------------------------
# targets.csv
# ---------------------------------------------------------------------------
def targets_csv():
    reg = registry_rows()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "code", "name", "department_code", "population", "epci_siren", "web_domains", "email",
                "phone"])
    for c in COLLECTIVITIES:
        r = reg[(c["kind"], c["code"])]
        w.writerow([r["kind"], r["code"], r["name"], r["department_code"], r["population"], r["epci_siren"],
                    c["domain"] or "", c["email"], c["phone"]])
    return buf.getvalue()


# ---------------------------------------------------------------------------
# ground_truth.json
# ---------------------------------------------------------------------------
KEY_DESC = {"rsa": "RSA", "ec": "EC"}


def cert_facts(names_served, host, cert):
    key = cert["key"]
    alg, bits = KEYS[key]
    validity = cert["validity"]
    start, end = VALIDITY[validity]
    self_signed = cert["issuer"] == "self"
    expired = end < 0
    matches = host in names_served
    verdict = []
    if self_signed:
        verdict.append("self-signed")
    if expired:
        verdict.append("expired")
    if not matches:
        verdict.append("wrong-host")
    if not verdict:
        verdict.append("trusted")
    sig = {"rsa": {"sha256": "sha256WithRSAEncryption", "sha1": "sha1WithRSAEncryption"},
           "ec": {"sha256": "ecdsa-with-SHA256"}}
    # Signature algorithm is the issuer's: the lab CA key is RSA; a self-signed cert uses its own key.
    signer_alg = alg if self_signed else "rsa"
    return dict(verdict=verdict, chain_trusted=not self_signed, self_signed=self_signed, expired=expired,
                name_matches=matches, expires_in_days=end, issuer_cn=names_served[0] if self_signed else CA_NAME,
                subject_cn=names_served[0], san=list(names_served), key_type=KEY_DESC[alg], key_bits=bits,
                signature_algorithm=sig[signer_alg][cert.get("md", "sha256")])


def versions_map(protocols):
    return {v: v in protocols for v in ALL_VERSIONS}


def web_host_facts(c, host):
    s = site_of(c)
    bogus = c["domain"] == BOGUS_ZONE
    http_chain, http_final = follow(c, s, "http", host)
    out = dict(ip=s["ip"], resolves=not bogus, platform=s["platform"],
               http=dict(chain=http_chain, final_url=http_final))
    if not s["https"]:
        out["https"] = dict(available=False)
        out["security_txt"] = "missing"
        return out
    https_chain, https_final = follow(c, s, "https", host)
    p = TLS_PROFILES[s["tls"]]
    final_host = https_final.split("://", 1)[1].split("/", 1)[0]
    hdrs = {h.lower(): None for h in SECURITY_HEADER_NAMES}
    for k, v in s["headers"]:
        hdrs[k.lower()] = v
    if s["powered_by"]:
        hdrs["x-powered-by"] = s["powered_by"]
    cookies = []
    for ck in s["cookies"]:
        parts = [x.strip() for x in ck.split(";")]
        attrs = {a.split("=", 1)[0].lower(): (a.split("=", 1)[1] if "=" in a else True) for a in parts[1:]}
        cookies.append(dict(raw=ck, name=parts[0].split("=", 1)[0], secure="secure" in attrs,
                            httponly="httponly" in attrs, samesite=attrs.get("samesite")))
    names_served = cert_names(c, s)
    https = dict(available=True, chain=https_chain, final_url=https_final,
                 tls_versions=versions_map(p["protocols"]), cipher_classes=dict(p["classes"], rc4=False,
                                                                                 triple_des=False, export=False),
                 certificate=cert_facts(names_served, host, s["cert"]),
                 hsts=hdrs["strict-transport-security"], headers=hdrs, cookies=cookies,
                 server="nginx/" + NGINX_VERSION if s["server_tokens"] else "nginx",
                 x_powered_by=s["powered_by"], generator=s["generator"], mixed_content=s["mixed"])
    # The certificate a client sees on the final host (after redirects) is the same site's cert here.
    out["https"] = https
    out["security_txt"] = s["sectxt"]
    out["security_txt_url"] = "https://%s/.well-known/security.txt" % final_host
    return out


def mx_facts(host, pref):
    h = MX_HOSTS[host]
    p = SMTP_PROFILES[h["profile"]]
    out = dict(host=host, preference=pref, ip=h["ip"], banner="220 %s ESMTP" % host, starttls=p["starttls"])
    if p["starttls"]:
        out["tls_versions"] = versions_map(p["protocols"])
        cert = dict(key=h["key"], issuer=p["cert"]["issuer"], validity=p["cert"]["validity"], md="sha256")
        out["certificate"] = cert_facts([host], host, cert)
    else:
        out["tls_versions"] = None
        out["certificate"] = None
    tlsa = None
    if host == "mx.versailles.idf.test":
        tlsa = dict(present=True, usage="3 1 1", matches=True, dnssec_secure=True,
                    record="computed at up time: tests/lab/run/tlsa-versailles")
    elif host == "mx.paris.idf.test":
        tlsa = dict(present=True, usage="3 1 1", matches=False, dnssec_secure=False)
    else:
        tlsa = dict(present=False)
    out["tlsa"] = tlsa
    return out


def dnssec_state(domain):
    if domain == SIGNED_ZONE:
        return "signed"
    if domain == BOGUS_ZONE:
        return "bogus"
    return "unsigned"


def mail_domain_facts(d, m):
    mx = []
    if m["mx"] != "null":
        for host, pref in m["mx"]:
            mx.append(mx_facts(host, pref))
    spf_records = ["".join(r) for r in m["spf"]]
    out = dict(resolves=d != BOGUS_ZONE, consumer_provider=d in CONSUMER_DOMAINS,
               null_mx=m["mx"] == "null", mx=mx,
               spf=dict(records=spf_records, txt_strings=[list(r) for r in m["spf"]], **(m["spf_facts"] or {})),
               dmarc=dict(record=m["dmarc"], **(m["dmarc_facts"] or dict(valid=False))) if m["dmarc"]
               else None,
               mta_sts=None, tls_rpt=m["tlsrpt"], dnssec=dnssec_state(d),
               caa=list(m["caa"]), caa_authorises_lab_ca=None)
    if m["dkim"]:
        sel, key = m["dkim"]
        out["dkim"] = dict(selector=sel, key_bits=KEYS[key][1], domainkey_nxdomain=False)
    else:
        out["dkim"] = dict(selector=None, key_bits=None, domainkey_nxdomain=True)
    if m["mta_sts"]:
        ms = m["mta_sts"]
        out["mta_sts"] = dict(txt="v=STSv1; id=%s" % ms["id"], mode=ms["mode"], mx_patterns=ms["mx"],
                              max_age=ms["max_age"], policy_url="https://mta-sts.%s/.well-known/mta-sts.txt" % d,
                              policy_certificate="trusted", mx_match=ms.get("mx_match", True))
    if m["caa"]:
        issuers = [x.split('"')[1] for x in m["caa"] if " issue " in x]
        out["caa_authorises_lab_ca"] = CA_CAA_DOMAIN in issuers
    return out


# Outcome order used to aggregate several subjects into one collectivity-level outcome.
OUTCOME_ORDER = ["fail", "partial", "error", "not_tested", "pass", "info", "not_applicable"]


def worst(outcomes):
    outcomes = [o for o in outcomes if o]
    if not outcomes:
        return None
    return min(outcomes, key=OUTCOME_ORDER.index)


def web_findings(w):
    """Expected web findings for one web host (facts from web_host_facts)."""
    f = {}
    if not w["resolves"]:
        for code in WEB_CODES:
            f[code] = "not_tested"
        return f
    https = w["https"]
    http_chain = w["http"]["chain"]
    f["WEB-HTTPS-01"] = "pass" if https["available"] else "fail"
    first = http_chain[0]
    if first[0] == 200:
        f["WEB-HTTPS-02"] = "fail"
    elif first[1].startswith("https://"):
        host = w["_host"]
        f["WEB-HTTPS-02"] = "pass" if first[1].split("/")[2] == host else "partial"
    else:
        f["WEB-HTTPS-02"] = "partial" if (w["http"]["final_url"] or "").startswith("https://") else "fail"
    if not https["available"]:
        for code in WEB_CODES:
            if code not in ("WEB-HTTPS-01", "WEB-HTTPS-02", "WEB-INFO-01", "WEB-EOL-01"):
                f[code] = "not_applicable" if code != "WEB-SECTXT-01" else "not_tested"
        f["WEB-INFO-01"] = "pass"
        f["WEB-EOL-01"] = "pass"
        return f
    hsts = https["hsts"]
    if hsts is None:
        f["WEB-HSTS-01"] = "fail"
    else:
        age = int(hsts.split("max-age=")[1].split(";")[0])
        f["WEB-HSTS-01"] = "pass" if age >= 31536000 else "partial" if age >= 15552000 else "fail"
    v = https["tls_versions"]
    f["WEB-TLS-01"] = "fail" if (v["TLSv1"] or v["TLSv1.1"]) else "pass"
    f["WEB-TLS-02"] = "pass" if v["TLSv1.3"] else "fail"
    cc = https["cipher_classes"]
    if cc["null"] or cc["export"]:
        f["WEB-TLS-03"] = "fail"
    elif not cc["fs"] or not cc["aead"]:
        f["WEB-TLS-03"] = "fail"
    elif cc["cbc"] or cc["non_fs"]:
        f["WEB-TLS-03"] = "partial"
    else:
        f["WEB-TLS-03"] = "pass"
    cert = https["certificate"]
    f["WEB-CERT-01"] = "pass" if cert["chain_trusted"] else "fail"
    days = cert["expires_in_days"]
    f["WEB-CERT-02"] = "fail" if days < 14 else "partial" if days < 30 else "pass"
    f["WEB-CERT-03"] = "pass" if cert["name_matches"] else "fail"
    weak_key = (cert["key_type"] == "RSA" and cert["key_bits"] < 2048) or (cert["key_type"] == "EC" and
                                                                           cert["key_bits"] < 256)
    f["WEB-CERT-04"] = "fail" if weak_key or "sha1" in cert["signature_algorithm"] else "pass"
    h = https["headers"]
    csp = h["content-security-policy"]
    if csp is None:
        f["WEB-HDR-01"] = "fail"
    elif csp == CSP_STRICT:
        f["WEB-HDR-01"] = "pass"
    else:
        f["WEB-HDR-01"] = "partial"
    framing = h["x-frame-options"] in ("DENY", "SAMEORIGIN") or (csp and "frame-ancestors" in csp)
    f["WEB-HDR-02"] = "pass" if framing else "fail"
    f["WEB-HDR-03"] = "pass" if h["x-content-type-options"] == "nosniff" else "fail"
    rp = h["referrer-policy"]
    # Absent: the browser default (strict-origin-when-cross-origin since 2021) applies: partial.
    f["WEB-HDR-04"] = "pass" if rp in ("no-referrer", "same-origin", "strict-origin",
                                       "strict-origin-when-cross-origin") else \
        "partial" if rp is None else "fail"
    cookies = https["cookies"]
    if not cookies:
        f["WEB-COOKIE-01"] = "not_applicable"
    elif all(ck["secure"] and ck["httponly"] and ck["samesite"] for ck in cookies):
        f["WEB-COOKIE-01"] = "pass"
    else:
        f["WEB-COOKIE-01"] = "fail"
    f["WEB-MIXED-01"] = "fail" if https["mixed_content"] else "pass"
    f["WEB-SECTXT-01"] = "pass" if w["security_txt"] == "valid" else "fail"
    disclosed = https["server"] != "nginx" or https["x_powered_by"] or https["generator"]
    f["WEB-INFO-01"] = "info" if disclosed else "pass"
    f["WEB-EOL-01"] = "fail" if disclosed else "pass"
    return f


WEB_CODES = ["WEB-HTTPS-01", "WEB-HTTPS-02", "WEB-HSTS-01", "WEB-TLS-01", "WEB-TLS-02", "WEB-TLS-03",
             "WEB-CERT-01", "WEB-CERT-02", "WEB-CERT-03", "WEB-CERT-04", "WEB-HDR-01", "WEB-HDR-02",
             "WEB-HDR-03", "WEB-HDR-04", "WEB-COOKIE-01", "WEB-MIXED-01", "WEB-SECTXT-01", "WEB-INFO-01",
             "WEB-EOL-01"]
MAIL_CODES = ["MAIL-MX-01", "MAIL-SPF-01", "MAIL-SPF-02", "MAIL-SPF-03", "MAIL-DMARC-01", "MAIL-DMARC-02",
              "MAIL-DMARC-03", "MAIL-DKIM-01", "MAIL-NULL-01", "MAIL-TLS-01", "MAIL-TLS-02", "MAIL-TLS-03",
              "MAIL-TLS-04", "MAIL-MTASTS-01", "MAIL-TLSRPT-01", "MAIL-DANE-01", "DNS-DNSSEC-01", "DNS-CAA-01"]


def mail_findings(md):
    """Expected mail findings for one mail domain (facts from mail_domain_facts)."""
    f = {}
    if md["dnssec"] == "bogus":
        # The validating resolver answers SERVFAIL for every name: a DNS failure (error).
        for code in MAIL_CODES:
            f[code] = "error"
        f["DNS-DNSSEC-01"] = "fail"
        if not md["web_domain"]:
            del f["DNS-CAA-01"]
        return f
    f["MAIL-MX-01"] = "info"
    spf = md["spf"]
    n = len(spf["records"])
    f["MAIL-SPF-01"] = "pass" if n == 1 else "fail"
    if n != 1:
        f["MAIL-SPF-02"] = "not_applicable"
        f["MAIL-SPF-03"] = "not_applicable"
    else:
        f["MAIL-SPF-02"] = "fail" if spf["result"] == "permerror" else "partial" if spf["ptr"] else "pass"
        a = spf["all"]
        f["MAIL-SPF-03"] = {"-all": "pass", "~all": "partial", "?all": "fail", "+all": "fail"}.get(a, "fail")
    dm = md["dmarc"]
    if dm is None or not dm["valid"]:
        f["MAIL-DMARC-01"] = "fail"
        f["MAIL-DMARC-02"] = "not_applicable"
        f["MAIL-DMARC-03"] = "not_applicable"
    else:
        f["MAIL-DMARC-01"] = "pass"
        f["MAIL-DMARC-02"] = {"reject": "pass", "quarantine": "partial", "none": "fail"}[dm["effective_policy"]]
        if not dm["rua"]:
            f["MAIL-DMARC-03"] = "fail"
        elif dm["rua_external"] and not dm["rua_authorised"]:
            f["MAIL-DMARC-03"] = "fail"
        else:
            f["MAIL-DMARC-03"] = "pass"
    dk = md["dkim"]
    receives = bool(md["mx"])
    sends_nothing = not receives and spf["records"] == ["v=spf1 -all"]
    if sends_nothing:
        f["MAIL-DKIM-01"] = "not_applicable"  # a domain that sends no mail signs none
    else:
        f["MAIL-DKIM-01"] = "fail" if dk["selector"] is None else "pass" if dk["key_bits"] >= 2048 else "partial"
    if receives:
        f["MAIL-NULL-01"] = "not_applicable"
    else:
        ok = (spf["records"] == ["v=spf1 -all"] and dm is not None and dm.get("effective_policy") == "reject")
        f["MAIL-NULL-01"] = "pass" if ok else "fail"
    if not receives:
        for code in ["MAIL-TLS-01", "MAIL-TLS-02", "MAIL-TLS-03", "MAIL-TLS-04", "MAIL-MTASTS-01",
                     "MAIL-TLSRPT-01", "MAIL-DANE-01"]:
            f[code] = "not_applicable"
    else:
        mxs = md["mx"]
        f["MAIL-TLS-01"] = "pass" if all(m["starttls"] for m in mxs) else "fail"
        tls_mx = [m for m in mxs if m["starttls"]]
        if not tls_mx:
            f["MAIL-TLS-02"] = f["MAIL-TLS-03"] = f["MAIL-TLS-04"] = "not_applicable"
        else:
            f["MAIL-TLS-02"] = "fail" if any(m["tls_versions"]["TLSv1"] or m["tls_versions"]["TLSv1.1"]
                                             for m in tls_mx) else "pass"
            f["MAIL-TLS-03"] = "pass"
            f["MAIL-TLS-04"] = "pass" if all(m["certificate"]["verdict"] == ["trusted"] for m in tls_mx) else "fail"
        ms = md["mta_sts"]
        if ms is None:
            f["MAIL-MTASTS-01"] = "fail"
        elif not ms["mx_match"]:
            f["MAIL-MTASTS-01"] = "fail"
        else:
            f["MAIL-MTASTS-01"] = "pass" if ms["mode"] == "enforce" else "partial"
        f["MAIL-TLSRPT-01"] = "pass" if md["tls_rpt"] else "fail"
        tl = [m["tlsa"] for m in mxs]
        if all(t["present"] and t["matches"] and t["dnssec_secure"] for t in tl):
            f["MAIL-DANE-01"] = "pass"
        else:
            f["MAIL-DANE-01"] = "fail"
    f["DNS-DNSSEC-01"] = "pass" if md["dnssec"] == "signed" else "fail"
    # CAA is judged on web domains only, against the website's certificate.
    if md["web_domain"]:
        if not md["caa"]:
            f["DNS-CAA-01"] = "info"
        else:
            f["DNS-CAA-01"] = "pass" if md["caa_authorises_lab_ca"] else "fail"
    if md["consumer_provider"]:
        # The provider's posture is not the collectivity's doing: reported as info
        # (what does not apply stays not_applicable).
        f = {k: v if v == "not_applicable" else "info" for k, v in f.items()}
    return f


def ground_truth():
    reg = registry_rows()
    out = {}
    provider = provider_mails()
    for c in COLLECTIVITIES:
        r = reg[(c["kind"], c["code"])]
        key = "%s:%s" % (c["kind"], c["code"])
        email_domain = c["email"].split("@", 1)[1]
        consumer = email_domain in CONSUMER_DOMAINS
        web = {}
        if c["domain"]:
            for h in web_names(c):
                w = web_host_facts(c, h)
                w["_host"] = h
                w["expected_findings"] = web_findings(w)
                del w["_host"]
                web[h] = w
        mail_order = [email_domain] + ([c["domain"]] if c["domain"] and c["domain"] != email_domain else [])
        mails = {}
        for d in mail_order:
            m = c["mails"].get(d) or provider.get(d)
            if m is None:
                raise SystemExit("lab: no mail spec for " + d)
            md = mail_domain_facts(d, m)
            md["web_domain"] = d == c["domain"]
            md["expected_findings"] = mail_findings(md)
            del md["web_domain"]
            mails[d] = md
        expected = {"MAIL-OWN-01": "fail" if consumer else "pass"}
        for code in WEB_CODES:
            vals = [w["expected_findings"].get(code) for w in web.values()]
            expected[code] = worst(vals) or "not_applicable"
        for code in MAIL_CODES:
            vals = [m["expected_findings"].get(code) for m in mails.values()]
            expected[code] = worst(vals) or "not_applicable"
        out[key] = dict(name=r["name"], tier=c["tier"], summary=c["summary"],
                        web_domains=[c["domain"]] if c["domain"] else [], email=c["email"],
                        consumer_mailbox=consumer, mail_domains=mails, web_hosts=web,
                        expected_findings=dict(sorted(expected.items())))
    return {
        "format": 1,
        "description": "What a correct scan of the posture lab must observe. Written from tests/lab/lab.py "
                       "(the configuration the lab runs); see tests/lab/README.md for the format.",
        "resolver": DNS_RESOLVER,
        "authoritative": DNS_AUTH,
        "ca_file": "tests/lab/run/ca.pem",
        "ca_name": CA_NAME,
        "ca_caa_domain": CA_CAA_DOMAIN,
        "outcome_order": OUTCOME_ORDER,
        "mx_hosts": {h: dict(ip=v["ip"], profile=v["profile"]) for h, v in sorted(MX_HOSTS.items())},
        "shared_web_platform": dict(host="web.hebergeur.idf.test", ip=SHARED_WEB_IP),
        "mta_sts_policy_ip": MTA_STS_IP,
        "collectivities": out,
    }


def main(argv):
    if len(argv) < 2:
        raise SystemExit("usage: lab.py generate RUN_DIR | unbound RUN_DIR | targets-csv | ground-truth")
    cmd = argv[1]
    if cmd == "generate":
        generate(argv[2])
    elif cmd == "unbound":
        write_unbound(argv[2])
    elif cmd == "targets-csv":
        sys.stdout.write(targets_csv())
    elif cmd == "ground-truth":
        sys.stdout.write(json.dumps(ground_truth(), indent=1, ensure_ascii=False) + "\n")
    elif cmd == "endpoints":
        for ip, port, proto in endpoints():
            print(proto, ip, port)
    else:
        raise SystemExit("lab.py: unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
