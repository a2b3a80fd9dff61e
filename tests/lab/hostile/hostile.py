#!/usr/bin/env python3
"""The hostile lab: servers on loopback that misbehave on purpose.

One Python asyncio process (standard library only) serves, on 127.66.x.y:
  - a DNS server (127.66.0.53:53, UDP and TCP) that answers the names under
    `hostile.test` itself, raw (truncated, oversized, malformed answers, 500
    TXT strings, SPF include loops and chains, hostile bytes in names and
    records), and relays every other question unchanged to the main lab's
    resolver (127.53.0.53), so that one `--resolver 127.66.0.53` scans the
    hostile collectivities and the normal lab ones in the same run;
  - web hosts (127.66.1.N:80 and :443) that send one byte per second, 10 MB
    of headers, endless redirects, a 50-hop chain, a gzip bomb, `<script>` and
    `=cmd|` in every string, bytes that are not UTF-8; TLS ports that answer
    garbage, reset in the middle of the handshake, or never answer;
  - SMTP servers (127.66.25.N:25) that tarpit, send a 1 MB banner, advertise
    STARTTLS and fail it, or greet with hostile strings.

This file is the single description of the hostile lab: the servers
(`hostile.py generate RUN_DIR`, then `hostile.py serve RUN_DIR`), the
committed `targets.csv` (`hostile.py targets-csv`) and `ground_truth.json`
(`hostile.py ground-truth`): what a correct scan records for each case.
See tests/lab/README.md ("The hostile lab"). Nothing here contacts anything
but loopback addresses.
"""

import asyncio
import csv
import io
import json
import os
import random
import signal
import socket
import ssl
import struct
import subprocess
import sys
import zlib

HOSTILE_DIR = os.path.dirname(os.path.abspath(__file__))
LAB_DIR = os.path.dirname(HOSTILE_DIR)
REPO_DIR = os.path.dirname(os.path.dirname(LAB_DIR))
REGISTRY_CSV = os.path.join(REPO_DIR, "targets", "data", "idf-collectivites.csv")

DNS_IP = "127.66.0.53"
UPSTREAM_RESOLVER = "127.53.0.53"  # the main lab's unbound
ZONE = "hostile.test"
TTL = 300

# The strings that must reach the reports and stay inert there.
XSS = '<script>alert("posture-xss")</script>'
FORMULA = "=cmd|' /C calc'!A0"
# Bytes that are not UTF-8 (a lone continuation byte, an overlong lead, Latin-1
# accents), and a terminal escape sequence.
NON_UTF8 = b"\xff\xfe \xc3\x28 \xe9t\xe9 \x80"
ANSI = b"\x1b[31m\x1b[2J"

IDN_UNICODE = "hôtel-de-ville." + ZONE
IDN_LABEL = "hôtel-de-ville".encode("idna").decode()  # xn--htel-de-ville-plb (same in IDNA2008)
IDN_DOMAIN = IDN_LABEL + "." + ZONE
RAW_UTF8_MX = b"mx-\xc3\xa9"  # a label with raw UTF-8 bytes (not a host name)

# ---------------------------------------------------------------------------
# The cases. Each web profile, SMTP profile and DNS behaviour is implemented
# below; `expect` is the ground truth a correct scan must record.
# ---------------------------------------------------------------------------
WEB = {
    # ip: (profile, domain)
    "127.66.1.1": ("slowloris", "lent." + ZONE),
    "127.66.1.2": ("huge-headers", "entetes." + ZONE),
    "127.66.1.3": ("redirect-loop", "boucle." + ZONE),
    "127.66.1.4": ("redirect-chain", "chaine." + ZONE),
    "127.66.1.5": ("gzip-bomb", "bombe." + ZONE),
    "127.66.1.6": ("tls-garbage", "tls-bruit." + ZONE),
    "127.66.1.7": ("tls-reset", "tls-coupe." + ZONE),
    "127.66.1.8": ("tls-silent", "tls-muet." + ZONE),
    "127.66.1.9": ("injection", "injection." + ZONE),
    "127.66.1.10": ("non-utf8", "octets." + ZONE),
    "127.66.1.11": ("idn", IDN_DOMAIN),
}
WEB_BY_DOMAIN = {d: (ip, p) for ip, (p, d) in WEB.items()}

SMTP = {
    # ip: profile
    "127.66.25.1": "tarpit",
    "127.66.25.2": "banner-1mb-lines",
    "127.66.25.3": "banner-1mb-line",
    "127.66.25.4": "starttls-fails",
    "127.66.25.5": "injection",
    "127.66.25.6": "non-utf8",
    "127.66.25.7": "plain",
}

MX_XSS = XSS.lower().encode() + b".injection." + ZONE.encode()
MX_FORMULA = FORMULA.lower().encode() + b".injection." + ZONE.encode()
SPF_OK = b"v=spf1 ip4:127.66.25.0/24 -all"
CHAIN_DEPTH = 40
REDIRECT_CHAIN = 50
HEADER_BYTES = 10 * 1024 * 1024
BANNER_BYTES = 1024 * 1024
BOMB_BYTES = 10 * 1024 * 1024 * 1024  # decoded size of the gzip bomb
TARPIT_SECONDS = 20
OVERSIZED_RECORDS = 600  # TXT records in the oversized answer (posture keeps 512)

# The collectivities (real entries of the Île-de-France registry that the
# main lab does not use). `web`: the web domain as the registry gives it.
COLLECTIVITIES = [
    dict(kind="commune", code="77058", web="lent." + ZONE, email="contact@lent." + ZONE,
         summary="slowloris web server (1 byte/s, forever); MX tarpit (one line every 20 s)"),
    dict(kind="commune", code="77083", web="entetes." + ZONE, email="contact@entetes." + ZONE,
         summary="10 MB of response headers (10,240 lines on http, one line on https); "
                 "MX with a 1 MB banner in 1,024 lines, second MX with a 1 MB banner line"),
    dict(kind="commune", code="77108", web="boucle." + ZONE, email="contact@boucle." + ZONE,
         summary="endless redirects (http: /boucle/1, /boucle/2, ...; https: a loop between the "
                 "two names); SPF include loop"),
    dict(kind="commune", code="77122", web="chaine." + ZONE, email="contact@chaine." + ZONE,
         summary="50-hop redirect chain; SPF include chain 40 levels deep"),
    dict(kind="commune", code="77152", web="bombe." + ZONE, email="contact@bombe." + ZONE,
         summary="gzip bomb body (10 GB of zeros, ~10 MB compressed); MX advertises STARTTLS, "
                 "then answers the handshake with garbage"),
    dict(kind="commune", code="77243", web="tls-bruit." + ZONE, email="contact@tls-bruit." + ZONE,
         summary="port 443 answers garbage; the domain's TXT answer is truncated (TC over UDP, "
                 "cut in the middle of a record over TCP)"),
    dict(kind="commune", code="77284", web="tls-coupe." + ZONE, email="contact@tls-coupe." + ZONE,
         summary="port 443 resets in the middle of the handshake; the domain's TXT answer is "
                 "oversized (600 records, the SPF record last)"),
    dict(kind="commune", code="77294", web="tls-muet." + ZONE, email="contact@tls-muet." + ZONE,
         summary="port 443 accepts and never answers; malformed DNS answers (MX: compression "
                 "pointer loop, DMARC TXT: record length past the end, CAA: bad label type)"),
    dict(kind="commune", code="77305", web="injection." + ZONE, email="contact@injection." + ZONE,
         name=FORMULA + " " + XSS, phone="+33 1 64 70 44 00",
         summary="<script> and =cmd| in every string: Server, X-Powered-By, generator, "
                 "cookie, CSP, HSTS, Location, security.txt, certificate subject, SPF, DMARC, "
                 "MX names, SMTP banner and EHLO; and in the registry: the name (a formula) "
                 "and a phone number starting with +"),
    dict(kind="commune", code="77350", web="octets." + ZONE, email="contact@octets." + ZONE,
         summary="bytes that are not UTF-8 and terminal escapes in headers, page, cookie, "
                 "security.txt, TXT records, DMARC and the SMTP banner; SPF record of 500 "
                 "TXT strings"),
    dict(kind="commune", code="77373", web=IDN_UNICODE, email="mairie@" + IDN_UNICODE,
         summary="IDN: the registry gives the Unicode name, DNS serves the A-label; a second "
                 "MX whose name has raw UTF-8 bytes"),
]


def domain_of(c):
    """The canonical (A-label) web domain of a collectivity."""
    return IDN_DOMAIN if c["web"] == IDN_UNICODE else c["web"]


# ---------------------------------------------------------------------------
# Ground truth: what a correct scan records (statuses as posture names them).
# Per web host: the http and https fetches and the TLS endpoint; per MX
# (name, ip): the SMTP conversation and the STARTTLS handshake; DNS
# questions; finding outcomes per code (collectivity level, worst first).
# ---------------------------------------------------------------------------
def web_expect(profile):
    """(http fetch, https fetch, tls endpoint) statuses and extra facts."""
    return {
        "slowloris": dict(http="timeout", https="timeout", tls="ok"),
        "huge-headers": dict(http="too_large", https="too_large", tls="ok"),
        "redirect-loop": dict(http="protocol_error", https="protocol_error", tls="ok",
                              http_hops=11, https_hops=2),
        "redirect-chain": dict(http="protocol_error", https="protocol_error", tls="ok",
                               http_hops=11, https_hops=11),
        "gzip-bomb": dict(http="ok", https="ok", tls="ok", body_truncated=True),
        "tls-garbage": dict(http="tls_error", https="tls_error", tls="protocol_error"),
        "tls-reset": dict(http="tls_error", https="tls_error", tls="tls_error"),
        "tls-silent": dict(http="timeout", https="timeout", tls="timeout"),
        "injection": dict(http="ok", https="ok", tls="ok"),
        "non-utf8": dict(http="ok", https="ok", tls="ok"),
        "idn": dict(http="ok", https="ok", tls="ok"),
    }[profile]


def smtp_expect(profile):
    """(conversation, STARTTLS handshake) statuses."""
    return {
        "tarpit": dict(status="timeout", tls_status="skipped"),
        "banner-1mb-lines": dict(status="too_large", tls_status="skipped"),
        "banner-1mb-line": dict(status="too_large", tls_status="skipped"),
        "starttls-fails": dict(status="ok", tls_status="protocol_error", starttls_offered=True),
        "injection": dict(status="ok", tls_status="skipped", starttls_offered=False),
        "non-utf8": dict(status="ok", tls_status="skipped", starttls_offered=False),
        "plain": dict(status="ok", tls_status="skipped", starttls_offered=False),
    }[profile]


def mx_of(domain):
    """[(preference, MX name as wire-ish bytes, ip)] of a hostile mail domain."""
    return {
        "lent." + ZONE: [(10, b"mx.lent." + ZONE.encode(), "127.66.25.1")],
        "entetes." + ZONE: [(10, b"mx.entetes." + ZONE.encode(), "127.66.25.2"),
                            (20, b"mx2.entetes." + ZONE.encode(), "127.66.25.3")],
        "bombe." + ZONE: [(10, b"mx.bombe." + ZONE.encode(), "127.66.25.4")],
        "injection." + ZONE: [(10, MX_XSS, "127.66.25.5"), (20, MX_FORMULA, "127.66.25.5")],
        "octets." + ZONE: [(10, b"mx.octets." + ZONE.encode(), "127.66.25.6")],
        IDN_DOMAIN: [(10, b"mx." + IDN_DOMAIN.encode(), "127.66.25.7"),
                     (20, RAW_UTF8_MX + b"." + ZONE.encode(), "127.66.25.7")],
    }.get(domain, [])


def presentation(name):
    """posture's canonical presentation of a wire-ish name (RFC 1035 escapes)."""
    out = []
    for label in name.split(b"."):
        s = ""
        for b in label:
            if b in b'.\\"();@$':
                s += "\\" + chr(b)
            elif b <= 0x20 or b >= 0x7f:
                s += "\\%03d" % b
            else:
                s += chr(b)
        out.append(s)
    return ".".join(out)


def dns_expect(c):
    """{"NAME TYPE": status} for the DNS questions a case is about."""
    d = domain_of(c)
    return {
        "tls-bruit." + ZONE: {d + " TXT": "dns_error"},
        "tls-coupe." + ZONE: {d + " TXT": "ok"},  # ok, truncated (cut by the caps)
        "tls-muet." + ZONE: {d + " MX": "dns_error", "_dmarc." + d + " TXT": "dns_error",
                             d + " CAA": "dns_error"},
        "octets." + ZONE: {d + " TXT": "ok", "_dmarc." + d + " TXT": "ok"},
        "injection." + ZONE: {d + " MX": "ok", d + " TXT": "ok"},
        IDN_DOMAIN: {d + " A": "ok", d + " MX": "ok"},
    }.get(d, {})


def findings_expect(c):
    """Finding outcomes (collectivity level) a correct scan gives."""
    d = domain_of(c)
    return {
        # Headers cut (over the cap, or stalled inside them): absence of a
        # header proves nothing, so the header checks are errors, not fails.
        "lent." + ZONE: {"MAIL-TLS-01": "error", "WEB-HDR-01": "error", "WEB-HSTS-01": "error",
                         "WEB-HTTPS-02": "error"},
        "entetes." + ZONE: {"MAIL-TLS-01": "error", "WEB-HDR-01": "error", "WEB-HSTS-01": "error"},
        "boucle." + ZONE: {"MAIL-SPF-02": "fail"},
        "chaine." + ZONE: {"MAIL-SPF-02": "fail"},
        "bombe." + ZONE: {"MAIL-TLS-01": "fail", "WEB-HTTPS-01": "pass"},
        "tls-bruit." + ZONE: {"MAIL-SPF-01": "error", "WEB-HTTPS-01": "fail", "WEB-TLS-02": "not_tested"},
        # The SPF record is among the TXT records posture's cap dropped: error,
        # not "no SPF". Every handshake reset without an alert: versions unknown.
        "tls-coupe." + ZONE: {"MAIL-SPF-01": "error", "WEB-HTTPS-01": "fail", "WEB-TLS-02": "not_tested"},
        "tls-muet." + ZONE: {"MAIL-MX-01": "error", "MAIL-DMARC-01": "error", "DNS-CAA-01": "error",
                             "WEB-TLS-02": "not_tested", "WEB-HDR-01": "error"},
        "injection." + ZONE: {"WEB-CERT-03": "fail", "MAIL-TLS-01": "fail", "MAIL-SPF-02": "fail",
                              "WEB-HSTS-01": "fail", "WEB-COOKIE-01": "fail", "WEB-MIXED-01": "fail",
                              "WEB-SECTXT-01": "fail"},
        "octets." + ZONE: {"MAIL-SPF-01": "pass", "MAIL-SPF-02": "pass", "MAIL-TLS-01": "fail",
                           "WEB-EOL-01": "fail", "WEB-COOKIE-01": "fail"},
        IDN_DOMAIN: {"WEB-CERT-03": "pass", "WEB-CERT-01": "pass", "WEB-HTTPS-02": "pass",
                     "MAIL-TLS-01": "fail"},
    }[d]


def ground_truth():
    reg = registry_rows()
    out = {}
    for c in COLLECTIVITIES:
        d = domain_of(c)
        ip, profile = WEB_BY_DOMAIN[d]
        hosts = {}
        for h in (d, "www." + d):
            hosts[h] = dict(ip=ip, profile=profile, **web_expect(profile))
        mxs = {}
        for pref, name, mx_ip in mx_of(d):
            mxs[presentation(name)] = dict(preference=pref, ip=mx_ip, profile=SMTP[mx_ip],
                                           **smtp_expect(SMTP[mx_ip]))
        r = reg[(c["kind"], c["code"])]
        out["%s:%s" % (c["kind"], c["code"])] = dict(
            name=c.get("name", r["name"]), summary=c["summary"], web_domain=d, email=c["email"],
            web_hosts=hosts, mx=mxs, dns=dns_expect(c), expected_findings=findings_expect(c))
    return {
        "format": 1,
        "resolver": DNS_IP,
        "upstream_resolver": UPSTREAM_RESOLVER,
        "zone": ZONE,
        "markers": dict(xss=XSS, formula=FORMULA),
        "bounds": dict(redirect_chain=REDIRECT_CHAIN, spf_chain_depth=CHAIN_DEPTH,
                       header_bytes=HEADER_BYTES, banner_bytes=BANNER_BYTES, bomb_bytes=BOMB_BYTES,
                       tarpit_seconds=TARPIT_SECONDS, oversized_txt_records=OVERSIZED_RECORDS),
        "collectivities": out,
    }


def registry_rows():
    with open(REGISTRY_CSV, newline="", encoding="utf-8") as f:
        return {(r["kind"], r["code"]): r for r in csv.DictReader(f)}


def targets_csv():
    reg = registry_rows()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "code", "name", "department_code", "population", "epci_siren", "web_domains",
                "email", "phone"])
    for c in COLLECTIVITIES:
        r = reg[(c["kind"], c["code"])]
        w.writerow([r["kind"], r["code"], c.get("name", r["name"]), r["department_code"], r["population"],
                    r["epci_siren"], c["web"], c["email"], c.get("phone", "")])
    return buf.getvalue()


def endpoints():
    out = [("udp", DNS_IP, 53), ("tcp", DNS_IP, 53)]
    for ip, (profile, _) in WEB.items():
        out.append(("tcp", ip, 80))
        out.append(("tcp", ip, 443))
    for ip in SMTP:
        out.append(("tcp", ip, 25))
    return out


# ---------------------------------------------------------------------------
# Certificates (lab CA of the main lab, run/pki).
# ---------------------------------------------------------------------------
def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit("hostile: %s failed: %s" % (cmd[0:3], p.stderr.decode(errors="replace")))
    return p.stdout


def subj_escape(v):
    return v.replace("\\", "\\\\").replace("/", "\\/")


def generate(run_dir):
    lab_run = os.path.dirname(run_dir)
    ca_pem = os.path.join(lab_run, "pki", "ca.pem")
    ca_key = os.path.join(lab_run, "pki", "keys", "ca.key")
    pki = os.path.join(run_dir, "pki")
    os.makedirs(pki, exist_ok=True)
    key = os.path.join(pki, "key.pem")
    run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
    cnf = os.path.join(pki, "req.cnf")
    with open(cnf, "w") as f:
        f.write("[ req ]\ndistinguished_name = dn\n[ dn ]\n")
    ca = open(ca_pem).read()
    for ip, (profile, domain) in WEB.items():
        pem = os.path.join(pki, ip + ".pem")
        cmd = ["openssl", "req", "-new", "-key", key, "-config", cnf, "-CA", ca_pem, "-CAkey", ca_key,
               "-days", "30", "-sha256", "-addext", "basicConstraints=critical,CA:FALSE",
               "-addext", "keyUsage=critical,digitalSignature", "-addext", "extendedKeyUsage=serverAuth"]
        if profile == "injection":
            # No subjectAltName: the CN (hostile) is what the certificate names.
            cmd += ["-subj", "/O=%s/CN=%s" % (subj_escape(FORMULA), subj_escape(XSS))]
        else:
            cmd += ["-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:%s,DNS:www.%s" % (domain, domain)]
        run(cmd + ["-out", pem])
        with open(os.path.join(pki, ip + ".chain.pem"), "w") as f:
            f.write(open(pem).read() + ca)
    with open(os.path.join(run_dir, "endpoints"), "w") as f:
        for proto, ip, port in endpoints():
            f.write("%s %s %d\n" % (proto, ip, port))
    with open(os.path.join(run_dir, "resolver"), "w") as f:
        f.write(DNS_IP + "\n")


# ---------------------------------------------------------------------------
# DNS
# ---------------------------------------------------------------------------
T_A, T_NS, T_CNAME, T_SOA, T_MX, T_TXT, T_AAAA, T_OPT, T_CAA = 1, 2, 5, 6, 15, 16, 28, 41, 257


def wire(name):
    """bytes or str name -> uncompressed wire form (lower case)."""
    if isinstance(name, str):
        name = name.encode()
    out = b""
    for label in name.rstrip(b".").split(b"."):
        if label:
            out += bytes([len(label)]) + label
    return out + b"\x00"


def txt_rdata(*strings):
    out = b""
    for s in strings:
        if isinstance(s, str):
            s = s.encode()
        while True:
            out += bytes([min(len(s), 255)]) + s[:255]
            s = s[255:]
            if not s:
                break
    return out


def build_zone():
    """{(wire name, type): [rdata]} and {(wire name, type): behaviour}."""
    rr = {}
    special = {}

    def add(name, rtype, rdata):
        rr.setdefault((wire(name), rtype), []).append(rdata)

    soa = wire("ns." + ZONE) + wire("hostmaster." + ZONE) + struct.pack("!IIIII", 1, 3600, 600, 86400, 60)
    add(ZONE, T_SOA, soa)
    add(ZONE, T_NS, wire("ns." + ZONE))
    add("ns." + ZONE, T_A, socket.inet_aton(DNS_IP))
    for ip, (profile, domain) in WEB.items():
        for h in (domain, "www." + domain):
            add(h, T_A, socket.inet_aton(ip))
        for pref, name, mx_ip in mx_of(domain):
            add(domain, T_MX, struct.pack("!H", pref) + wire(name))
            add(name, T_A, socket.inet_aton(mx_ip))
    spf = {d: SPF_OK for d in WEB_BY_DOMAIN}
    # SPF include loop: boucle -> spf1 -> spf2 -> spf1 ...
    b = "boucle." + ZONE
    spf[b] = ("v=spf1 include:spf1.%s -all" % b).encode()
    add("spf1." + b, T_TXT, txt_rdata("v=spf1 include:spf2.%s -all" % b))
    add("spf2." + b, T_TXT, txt_rdata("v=spf1 include:spf1.%s -all" % b))
    # SPF include chain, 40 levels.
    ch = "chaine." + ZONE
    spf[ch] = ("v=spf1 include:n1.%s -all" % ch).encode()
    for i in range(1, CHAIN_DEPTH):
        add("n%d.%s" % (i, ch), T_TXT, txt_rdata("v=spf1 include:n%d.%s -all" % (i + 1, ch)))
    add("n%d.%s" % (CHAIN_DEPTH, ch), T_TXT, txt_rdata("v=spf1 ip4:127.66.25.0/24 -all"))
    # Hostile strings in SPF and DMARC.
    inj = "injection." + ZONE
    spf[inj] = ("v=spf1 include:%s.%s %s -all" % (XSS, inj, FORMULA)).encode()
    add("_dmarc." + inj, T_TXT, txt_rdata("v=DMARC1; p=none; rua=mailto:%s@%s; ruf=%s" % (XSS, inj, FORMULA)))
    add(inj, T_TXT, txt_rdata(FORMULA), )
    add(inj, T_TXT, txt_rdata(XSS))
    # Bytes that are not UTF-8; an SPF record of 500 strings.
    octets = "octets." + ZONE
    spf[octets] = None
    add(octets, T_TXT, txt_rdata(*([b"v=spf1"] + [(" ip4:127.66.%d.%d" % (i // 250, i % 250)).encode()
                                                  for i in range(498)] + [b" -all"])))
    add(octets, T_TXT, txt_rdata(b"verification=" + NON_UTF8 + ANSI))
    add("_dmarc." + octets, T_TXT, txt_rdata(b"v=DMARC1; p=reject; rua=mailto:r\xe9ports@" + octets.encode()
                                             + b"; x=" + NON_UTF8))
    for d, record in spf.items():
        if record is not None:
            add(d, T_TXT, txt_rdata(record))
    # Raw DNS misbehaviour.
    special[(wire("tls-bruit." + ZONE), T_TXT)] = "truncated"
    special[(wire("tls-coupe." + ZONE), T_TXT)] = "oversized"
    special[(wire("tls-muet." + ZONE), T_MX)] = "pointer-loop"
    special[(wire("_dmarc.tls-muet." + ZONE), T_TXT)] = "bad-rdlength"
    special[(wire("tls-muet." + ZONE), T_CAA)] = "bad-label"
    return rr, special


ZONE_RR, ZONE_SPECIAL = build_zone()
ZONE_WIRE = wire(ZONE)
ZONE_NAMES = {name for (name, _t) in ZONE_RR} | {name for (name, _t) in ZONE_SPECIAL}


def in_zone(qname):
    return is_suffix(ZONE_WIRE, qname)


def name_exists(qname):
    """True if qname owns records or is an empty non-terminal above one."""
    return qname in ZONE_NAMES or any(is_suffix(qname, n) for n in ZONE_NAMES)


def is_suffix(suffix, name):
    """Label-wise: `suffix` (wire) is an ancestor of `name` (wire)."""
    labels = split_labels(name)
    want = split_labels(suffix)
    return len(want) <= len(labels) and labels[len(labels) - len(want):] == want


def split_labels(w):
    out, pos = [], 0
    while pos < len(w) and w[pos] != 0:
        n = w[pos]
        out.append(w[pos + 1:pos + 1 + n])
        pos += 1 + n
    return out


def parse_query(data):
    """(id, flags, qname wire lower-cased, qtype, question bytes, udp size) or None."""
    if len(data) < 12:
        return None
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", data[:12])
    if qd != 1:
        return None
    pos, labels = 12, []
    while True:
        if pos >= len(data):
            return None
        n = data[pos]
        if n == 0:
            pos += 1
            break
        if n > 63 or pos + 1 + n > len(data):
            return None
        labels.append(data[pos + 1:pos + 1 + n])
        pos += 1 + n
    if pos + 4 > len(data):
        return None
    qtype, qclass = struct.unpack("!HH", data[pos:pos + 4])
    qname = b"".join(bytes([len(l)]) + l.lower() for l in labels) + b"\x00"
    question = data[12:pos + 4]
    udp = 512
    # An OPT record right after the question (posture's queries): its class is the UDP size.
    rest = data[pos + 4:]
    if ar >= 1 and len(rest) >= 11 and rest[0] == 0 and struct.unpack("!H", rest[1:3])[0] == T_OPT:
        udp = max(512, struct.unpack("!H", rest[3:5])[0])
    return qid, flags, qname, qtype, question, udp


def header(qid, qflags, rcode, an, ns=0, tc=False):
    flags = 0x8000 | 0x0400 | (qflags & 0x0100) | 0x0080 | rcode  # QR AA RD(copied) RA
    if tc:
        flags |= 0x0200
    return struct.pack("!HHHHHH", qid, flags, 1, an, ns, 0)


def rr_bytes(owner, rtype, rdata, ttl=TTL):
    return owner + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def answer(data, tcp):
    """The response to a question in the hostile zone (bytes), or None to drop it."""
    q = parse_query(data)
    if q is None:
        return None
    qid, qflags, qname, qtype, question, udp = q
    ptr = b"\xc0\x0c"  # the question's name
    behaviour = ZONE_SPECIAL.get((qname, qtype))
    if behaviour == "truncated":
        if not tcp:
            return header(qid, qflags, 0, 0, tc=True) + question
        # Three records announced, the message cut in the middle of the second.
        body = b"".join(rr_bytes(ptr, T_TXT, txt_rdata("v=spf1 -all junk %d" % i)) for i in range(3))
        full = header(qid, qflags, 0, 3) + question + body
        return full[:len(header(qid, qflags, 0, 3) + question) + len(body) // 2]
    if behaviour == "oversized":
        # 90-byte strings: posture's 64 KiB cap on the answer's text stops
        # after 360 of them, the SPF record last is among those dropped.
        recs = [rr_bytes(ptr, T_TXT, txt_rdata("junk-%04d-" % i + "x" * 80)) for i in range(OVERSIZED_RECORDS - 1)]
        recs.append(rr_bytes(ptr, T_TXT, txt_rdata(SPF_OK)))
        if not tcp:
            # A well-formed answer far beyond the 512 bytes posture advertises, without TC.
            recs = recs[:40]
        return header(qid, qflags, 0, len(recs)) + question + b"".join(recs)
    if behaviour == "pointer-loop":
        base = header(qid, qflags, 0, 1) + question
        here = len(base)
        owner = bytes([0xc0 | (here >> 8), here & 0xff])  # points at itself
        return base + owner + struct.pack("!HHIH", T_MX, 1, TTL, 4) + b"\x00\x0a\x00\x00"
    if behaviour == "bad-rdlength":
        rdata = txt_rdata("v=DMARC1; p=reject")
        return header(qid, qflags, 0, 1) + question + ptr + struct.pack("!HHIH", T_TXT, 1, TTL, 600) + rdata
    if behaviour == "bad-label":
        # Label type 01 (0x40..0x7f: reserved, RFC 6891 §5).
        return header(qid, qflags, 0, 1) + question + b"\x45abcde\x00" + \
            struct.pack("!HHIH", T_CAA, 1, TTL, 5) + b"\x00\x05issue"
    records = ZONE_RR.get((qname, qtype), [])
    if records:
        msg = header(qid, qflags, 0, len(records)) + question + b"".join(rr_bytes(ptr, qtype, r) for r in records)
    else:
        rcode = 0 if name_exists(qname) else 3
        soa = ZONE_RR[(ZONE_WIRE, T_SOA)][0]
        msg = header(qid, qflags, rcode, 0, ns=1) + question + rr_bytes(ZONE_WIRE, T_SOA, soa, ttl=60)
    if not tcp and len(msg) > udp:
        return header(qid, qflags, 0, 0, tc=True) + question
    return msg


class DnsUdp(asyncio.DatagramProtocol):
    def __init__(self, log):
        self.log = log

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        q = parse_query(data)
        if q is None:
            return
        if in_zone(q[2]):
            msg = answer(data, tcp=False)
            if msg is not None:
                self.log("dns udp %s %d %d bytes" % (presentation_wire(q[2]), q[3], len(msg)))
                self.transport.sendto(msg, addr)
            return
        asyncio.get_running_loop().create_task(self.forward(data, addr))

    async def forward(self, data, addr):
        loop = asyncio.get_running_loop()
        fut = loop.create_future()

        class Up(asyncio.DatagramProtocol):
            def datagram_received(self, d, a):
                if not fut.done():
                    fut.set_result(d)

        try:
            transport, _ = await loop.create_datagram_endpoint(Up, remote_addr=(UPSTREAM_RESOLVER, 53))
        except OSError:
            return
        try:
            transport.sendto(data)
            reply = await asyncio.wait_for(fut, 5)
            self.transport.sendto(reply, addr)
        except (asyncio.TimeoutError, OSError):
            pass
        finally:
            transport.close()


def presentation_wire(w):
    return presentation(b".".join(split_labels(w))) or "."


async def dns_tcp(reader, writer, log):
    try:
        while True:
            n = struct.unpack("!H", await asyncio.wait_for(reader.readexactly(2), 30))[0]
            data = await asyncio.wait_for(reader.readexactly(n), 30)
            q = parse_query(data)
            if q is None:
                break
            if in_zone(q[2]):
                msg = answer(data, tcp=True)
                log("dns tcp %s %d %d bytes" % (presentation_wire(q[2]), q[3], len(msg or b"")))
            else:
                msg = await forward_tcp(data)
            if msg is None:
                break
            writer.write(struct.pack("!H", len(msg)) + msg)
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def forward_tcp(data):
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection(UPSTREAM_RESOLVER, 53), 5)
    except (asyncio.TimeoutError, OSError):
        return None
    try:
        w.write(struct.pack("!H", len(data)) + data)
        await w.drain()
        n = struct.unpack("!H", await asyncio.wait_for(r.readexactly(2), 5))[0]
        return await asyncio.wait_for(r.readexactly(n), 5)
    except (asyncio.IncompleteReadError, asyncio.TimeoutError, OSError):
        return None
    finally:
        w.close()


# ---------------------------------------------------------------------------
# Web
# ---------------------------------------------------------------------------
def gzip_bomb_parts():
    """(start, block): a gzip stream of zeros is `start` + `block` * n. Each
    block is 1 MiB of zeros compressed and ends with a full flush (byte
    aligned, dictionary reset), so every block after the first is the same
    bytes. The stream is never finished (no trailer): the client gives up
    long before."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    first = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    second = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    third = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    assert second == third
    return first, second


BOMB_START, BOMB_BLOCK = gzip_bomb_parts()

INJECTION_PAGE = ("""<!doctype html>
<html><head><meta charset="utf-8">
<meta name="generator" content="%s %s">
<title>%s</title></head>
<body><p>%s</p><script src="http://injection.hostile.test/%s.js"></script></body></html>
""" % (XSS.replace('"', "&quot;"), FORMULA, XSS, XSS, FORMULA)).encode()

INJECTION_SECURITY_TXT = ("Contact: %s\nContact: mailto:%s@injection.hostile.test\nExpires: %s\n"
                          "Policy: javascript:alert(1)\n" % (XSS, FORMULA, FORMULA)).encode()

NON_UTF8_PAGE = (b"<!doctype html><html><head><meta charset=\"iso-8859-1\">"
                 b"<meta name=\"generator\" content=\"Joomla! 1.5 \xe9dition " + NON_UTF8 + ANSI + b"\">"
                 b"<title>Mairie d'Ozoir \xe9t\xe9</title></head><body>\xe9\xff\xfe</body></html>\n")

IDN_PAGE = b"<!doctype html><html><head><meta charset=\"utf-8\"><title>H\xc3\xb4tel de ville</title></head><body></body></html>\n"


def response(status, headers, body=b""):
    lines = [b"HTTP/1.1 " + status.encode()]
    for k, v in headers:
        lines.append(k.encode() + b": " + (v if isinstance(v, bytes) else v.encode()))
    if body is not None:
        lines.append(b"Content-Length: %d" % len(body))
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


async def send(writer, data, chunk=1 << 16):
    for i in range(0, len(data), chunk):
        writer.write(data[i:i + chunk])
        await writer.drain()


async def web_behaviour(profile, domain, scheme, host, path, reader, writer):
    other = "www." + domain if host == domain else domain
    if profile == "slowloris":
        # One byte per second, forever: on port 80 from the first byte; on
        # 443 the status line and a header come at once, then an endless
        # header (the exchange stops inside the header block).
        stream = b"HTTP/1.1 200 OK\r\nX-Slow: "
        i = 0
        if scheme == "https":
            await send(writer, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            stream = b"X-Slow: "
        while not reader.at_eof() and not writer.is_closing():
            writer.write(stream[i:i + 1] if i < len(stream) else b"z")
            await writer.drain()
            i += 1
            await asyncio.sleep(1)
        return
    if profile == "huge-headers":
        await send(writer, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        if scheme == "http":
            line = b"X-Filler-%05d: " + b"a" * 1000 + b"\r\n"
            for i in range(HEADER_BYTES // 1024):
                writer.write(line % i)
                if i % 64 == 0:
                    await writer.drain()
        else:
            await send(writer, b"X-One-Line: ")
            for _ in range(HEADER_BYTES // (1 << 16)):
                writer.write(b"b" * (1 << 16))
                await writer.drain()
            writer.write(b"\r\n")
        await send(writer, b"Content-Length: 0\r\n\r\n")
        return
    if profile == "redirect-loop":
        if scheme == "http":
            n = int(path.rsplit("/", 1)[1]) + 1 if path.startswith("/boucle/") and path[8:].isdigit() else 1
            await send(writer, response("302 Found", [("Location", "/boucle/%d" % n)]))
        else:
            await send(writer, response("301 Moved Permanently", [("Location", "https://%s/" % other)]))
        return
    if profile == "redirect-chain":
        n = int(path[6:]) if path.startswith("/saut/") and path[6:].isdigit() else 0
        if n < REDIRECT_CHAIN:
            await send(writer, response("302 Found", [("Location", "/saut/%d" % (n + 1))]))
        else:
            await send(writer, response("200 OK", [("Content-Type", "text/html")], b"<html>fin</html>\n"))
        return
    if profile == "gzip-bomb":
        await send(writer, response("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                    None) + BOMB_START)
        batch = BOMB_BLOCK * 64
        for _ in range(BOMB_BYTES // (64 << 20)):
            if reader.at_eof() or writer.is_closing():
                break
            writer.write(batch)
            await writer.drain()
        return
    if profile in ("tls-garbage", "tls-reset", "tls-silent"):  # port 80
        await send(writer, response("301 Moved Permanently", [("Location", "https://%s/" % host)], b""))
        return
    if profile == "injection":
        if scheme == "http":
            await send(writer, response("301 Moved Permanently",
                                        [("Location", "https://%s/%s" % (host, XSS.replace(" ", "")))], b""))
            return
        common = [("Server", XSS + " " + FORMULA), ("X-Powered-By", FORMULA + " " + XSS),
                  ("Strict-Transport-Security", "max-age=" + XSS),
                  ("Content-Security-Policy", "default-src 'self' " + XSS + "; script-src " + FORMULA),
                  ("X-Frame-Options", XSS), ("Referrer-Policy", FORMULA),
                  ("Set-Cookie", "%s=%s; Path=/" % (XSS, FORMULA.replace(" ", "")))]
        if path == "/.well-known/security.txt":
            await send(writer, response("200 OK", common + [("Content-Type", "text/plain")], INJECTION_SECURITY_TXT))
        else:
            await send(writer, response("200 OK", common + [("Content-Type", "text/html")], INJECTION_PAGE))
        return
    if profile == "non-utf8":
        common = [("Server", b"Apache/2.4.10 " + NON_UTF8 + ANSI), ("X-Powered-By", b"PHP/5.6.40 \xe9t\xe9 \x80\x81"),
                  ("Set-Cookie", b"s\xe9ssion=\xff\xfe; path=/"),
                  ("Content-Security-Policy", b"default-src 'self' \xff\xfe")]
        if path == "/.well-known/security.txt":
            body = b"Contact: mailto:s\xe9curit\xe9@octets.hostile.test\nExpires: 2099-01-01T00:00:00Z\n" + NON_UTF8 + b"\n"
            await send(writer, response("200 OK", common + [("Content-Type", "text/plain")], body))
        else:
            await send(writer, response("200 OK", common + [("Content-Type", b"text/html; charset=iso-8859-1")],
                                        NON_UTF8_PAGE))
        return
    if profile == "idn":
        if scheme == "http":
            await send(writer, response("301 Moved Permanently", [("Location", "https://%s/" % host)], b""))
        else:
            await send(writer, response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Strict-Transport-Security", "max-age=31536000")], IDN_PAGE))
        return


async def web_conn(reader, writer, ip, scheme, log):
    profile, domain = WEB[ip]
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 15)
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        path = parts[1].decode("latin-1") if len(parts) > 1 else "/"
        host = ""
        for line in lines[1:]:
            if line.lower().startswith(b"host:"):
                host = line[5:].strip().decode("latin-1").split(":")[0].lower()
        log("web %s %s://%s%s %s" % (ip, scheme, host, path, profile))
        await web_behaviour(profile, domain, scheme, host, path, reader, writer)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError,
            ssl.SSLError, OSError, ValueError):
        pass
    finally:
        close(writer)


def close(writer):
    try:
        writer.close()
    except (OSError, RuntimeError):
        pass


async def tls_odd(reader, writer, ip, log):
    """Port 443 of the hosts that do not speak TLS properly."""
    profile = WEB[ip][0]
    log("tls %s %s" % (ip, profile))
    try:
        if profile == "tls-garbage":
            await asyncio.wait_for(reader.read(4096), 10)  # the ClientHello
            rnd = random.Random(66)
            junk = bytes(rnd.randrange(256) for _ in range(4096))
            writer.write(b"\x00\xff garbage " + junk)
            await writer.drain()
        elif profile == "tls-reset":
            await asyncio.wait_for(reader.read(4096), 10)
            # A handshake record announcing a ServerHello, half of it, then RST.
            writer.write(b"\x16\x03\x03\x00\x7a\x02\x00\x00\x76\x03\x03" + bytes(range(20)))
            await writer.drain()
            await asyncio.sleep(0.05)
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return
        elif profile == "tls-silent":
            while await asyncio.wait_for(reader.read(4096), 120):
                pass
    except (asyncio.TimeoutError, ConnectionError, OSError):
        pass
    finally:
        close(writer)


# ---------------------------------------------------------------------------
# SMTP
# ---------------------------------------------------------------------------
def smtp_banner(profile, ip):
    if profile == "injection":
        return ("220 %s %s ESMTP\r\n" % (XSS, FORMULA)).encode()
    if profile == "non-utf8":
        return b"220 mx.octets.hostile.test " + NON_UTF8 + ANSI + b" ESMTP\r\n"
    if profile == "banner-1mb-lines":
        line = b"220-" + b"l" * 996 + b"\r\n"
        return line * (BANNER_BYTES // len(line)) + b"220 end\r\n"
    if profile == "banner-1mb-line":
        return b"220 " + b"L" * BANNER_BYTES + b"\r\n"
    return b"220 mx.hostile.test ESMTP\r\n"


def smtp_ehlo(profile):
    if profile == "injection":
        return ("250-%s\r\n250-%s\r\n250 8BITMIME\r\n" % (XSS, FORMULA)).encode()
    if profile == "non-utf8":
        return b"250-mx.octets.hostile.test " + NON_UTF8 + b"\r\n250 8BITMIME\r\n"
    if profile == "starttls-fails":
        return b"250-mx.bombe.hostile.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n"
    return b"250-mx.hostile.test\r\n250 8BITMIME\r\n"


async def smtp_conn(reader, writer, ip, log):
    profile = SMTP[ip]
    log("smtp %s %s" % (ip, profile))
    try:
        if profile == "tarpit":
            # One line every 20 s, forever; the reply never ends.
            while not reader.at_eof() and not writer.is_closing():
                await asyncio.sleep(TARPIT_SECONDS)
                writer.write(b"220-mx.lent.hostile.test tarpit, please wait\r\n")
                await writer.drain()
            return
        await send(writer, smtp_banner(profile, ip))
        while True:
            line = await asyncio.wait_for(reader.readline(), 30)
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                await send(writer, smtp_ehlo(profile))
            elif verb == b"STARTTLS" and profile == "starttls-fails":
                await send(writer, b"220 2.0.0 Ready to start TLS\r\n")
                await asyncio.wait_for(reader.read(4096), 10)  # the ClientHello
                await send(writer, b"\x00\xff this is not TLS \x00" * 64)
                return
            elif verb == b"QUIT":
                await send(writer, b"221 2.0.0 Bye\r\n")
                return
            else:
                await send(writer, b"502 5.5.2 Command not recognised\r\n")
    except (asyncio.TimeoutError, ConnectionError, OSError, ValueError, asyncio.LimitOverrunError):
        pass
    finally:
        close(writer)


# ---------------------------------------------------------------------------
# serve
# ---------------------------------------------------------------------------
async def serve(run_dir):
    loop = asyncio.get_running_loop()
    log_file = open(os.path.join(run_dir, "hostile.log"), "a", buffering=1)

    def log(text):
        log_file.write(text + "\n")

    loop.set_exception_handler(lambda _loop, ctx: log("asyncio: %s" % ctx.get("message")))
    servers = []
    await loop.create_datagram_endpoint(lambda: DnsUdp(log), local_addr=(DNS_IP, 53))
    servers.append(await asyncio.start_server(lambda r, w: dns_tcp(r, w, log), DNS_IP, 53))
    pki = os.path.join(run_dir, "pki")
    for ip, (profile, _domain) in WEB.items():
        servers.append(await asyncio.start_server(
            lambda r, w, ip=ip: web_conn(r, w, ip, "http", log), ip, 80))
        if profile.startswith("tls-"):
            servers.append(await asyncio.start_server(lambda r, w, ip=ip: tls_odd(r, w, ip, log), ip, 443))
        else:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(os.path.join(pki, ip + ".chain.pem"), os.path.join(pki, "key.pem"))
            servers.append(await asyncio.start_server(
                lambda r, w, ip=ip: web_conn(r, w, ip, "https", log), ip, 443, ssl=ctx,
                ssl_handshake_timeout=15))
    for ip in SMTP:
        servers.append(await asyncio.start_server(lambda r, w, ip=ip: smtp_conn(r, w, ip, log), ip, 25))
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    with open(os.path.join(run_dir, "hostile.pid"), "w") as f:
        f.write("%d\n" % os.getpid())
    with open(os.path.join(run_dir, "ready"), "w") as f:
        f.write("ready\n")
    log("serving %d endpoints" % len(endpoints()))
    await stop
    for s in servers:
        s.close()
    log("stopped")


def main(argv):
    if len(argv) < 2:
        raise SystemExit("usage: hostile.py generate RUN_DIR | serve RUN_DIR | targets-csv | ground-truth | endpoints")
    cmd = argv[1]
    if cmd == "generate":
        generate(argv[2])
    elif cmd == "serve":
        asyncio.run(serve(argv[2]))
    elif cmd == "targets-csv":
        sys.stdout.write(targets_csv())
    elif cmd == "ground-truth":
        sys.stdout.write(json.dumps(ground_truth(), indent=1, ensure_ascii=False) + "\n")
    elif cmd == "endpoints":
        for proto, ip, port in endpoints():
            print(proto, ip, port)
    else:
        raise SystemExit("hostile.py: unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
