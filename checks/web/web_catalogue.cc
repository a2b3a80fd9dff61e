// The catalogue entries of the web checks (declared in web_checks.h): for
// each code, its category, who should act, and the texts in French (default)
// and English. Titles and explanations are for a mayor; remediation is for
// the IT provider or web host, with the directive to change.
#include "checks/web/web_checks.h"

namespace posture {

const std::vector<CatalogueEntry>& WebCatalogue() {
  static const std::vector<CatalogueEntry> kEntries = {
      {"WEB-HTTPS-01", Category::kWebTransport, Actor::kWebHost,
       "Site accessible en HTTPS",
       "Website available over HTTPS",
       "Le HTTPS chiffre les échanges entre les visiteurs et le site de la collectivité, et leur "
       "garantit qu'ils consultent bien le vrai site. Sans HTTPS, les formulaires, les mots de passe "
       "et le contenu des pages peuvent être lus ou modifiés par un tiers sur le réseau.",
       "HTTPS encrypts what visitors exchange with the collectivity's website and proves that they "
       "are on the real site. Without it, forms, passwords and page content can be read or altered "
       "by anyone on the network.",
       "Installer un certificat (par exemple Let's Encrypt, gratuit et renouvelé automatiquement "
       "avec certbot ou le client ACME de l'hébergeur) et ouvrir le port 443. nginx : "
       "`listen 443 ssl; ssl_certificate /chemin/fullchain.pem; ssl_certificate_key "
       "/chemin/privkey.pem;` ; Apache : `<VirtualHost *:443>` avec `SSLEngine on`, "
       "`SSLCertificateFile` et `SSLCertificateKeyFile`. Vérifier que le nom de domaine nu et "
       "www répondent tous deux en HTTPS, sur chacune de leurs adresses IP (IPv4 et IPv6).",
       "Install a certificate (for example a free, automatically renewed Let's Encrypt certificate "
       "with certbot or the host's ACME client) and open port 443. nginx: `listen 443 ssl; "
       "ssl_certificate /path/fullchain.pem; ssl_certificate_key /path/privkey.pem;`; Apache: a "
       "`<VirtualHost *:443>` with `SSLEngine on`, `SSLCertificateFile` and "
       "`SSLCertificateKeyFile`. Check that both the bare domain and www answer over HTTPS, on "
       "each of their IP addresses (IPv4 and IPv6).",
       "RFC 9110 §4.2.2; RFC 8446; ANSSI, Recommandations de sécurité relatives à TLS, v1.2 "
       "(2020); ANSSI-PA-009 v2.0 (2021)"},

      {"WEB-HTTPS-02", Category::kWebTransport, Actor::kWebHost,
       "Redirection de HTTP vers HTTPS",
       "HTTP redirects to HTTPS",
       "Un visiteur qui tape l'adresse du site sans « https:// » doit être renvoyé immédiatement "
       "vers la version sécurisée. Sinon, sa visite commence en clair et peut être détournée vers "
       "un faux site.",
       "A visitor who types the site's address without \"https://\" must be sent straight to the "
       "secure version. Otherwise the visit starts unencrypted and can be diverted to a fake site.",
       "Sur le port 80, répondre uniquement par une redirection permanente vers la même adresse en "
       "HTTPS, sans étape intermédiaire en HTTP. nginx : `server { listen 80; server_name "
       "exemple.fr www.exemple.fr; return 301 https://$host$request_uri; }` ; Apache : "
       "`Redirect permanent / https://www.exemple.fr/` ou `RewriteRule ^ "
       "https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]`. Ne jamais rediriger d'une page HTTPS vers "
       "une page HTTP ; rediriger d'abord vers le même nom en HTTPS, puis éventuellement vers www.",
       "On port 80, answer only with a permanent redirect to the same address over HTTPS, with no "
       "intermediate plain-HTTP step. nginx: `server { listen 80; server_name example.fr "
       "www.example.fr; return 301 https://$host$request_uri; }`; Apache: `Redirect permanent / "
       "https://www.example.fr/` or `RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=301,L]`. "
       "Never redirect from an HTTPS page to an HTTP one; redirect to the same name over HTTPS "
       "first, then to www if wanted.",
       "RFC 6797 §7.2; ANSSI-PA-009 v2.0 (2021); hstspreload.org"},

      {"WEB-HSTS-01", Category::kWebTransport, Actor::kWebHost,
       "En-tête HSTS (Strict-Transport-Security)",
       "HSTS header (Strict-Transport-Security)",
       "L'en-tête HSTS demande aux navigateurs de n'utiliser que le HTTPS pour ce site pendant une "
       "durée donnée. Il empêche un attaquant de forcer un retour au HTTP non chiffré lors des "
       "visites suivantes.",
       "The HSTS header tells browsers to use only HTTPS for this site for a given time. It stops "
       "an attacker from forcing later visits back to unencrypted HTTP.",
       "Ajouter l'en-tête sur toutes les réponses HTTPS, y compris les redirections, avec une durée "
       "d'au moins un an. nginx : `add_header Strict-Transport-Security \"max-age=31536000; "
       "includeSubDomains\" always;` ; Apache : `Header always set Strict-Transport-Security "
       "\"max-age=31536000; includeSubDomains\"`. Un seul en-tête par réponse ; "
       "`includeSubDomains` seulement si tous les sous-domaines sont en HTTPS ; `preload` et "
       "l'inscription sur hstspreload.org une fois la configuration stabilisée.",
       "Send the header on every HTTPS response, redirects included, with a lifetime of at least "
       "one year. nginx: `add_header Strict-Transport-Security \"max-age=31536000; "
       "includeSubDomains\" always;`; Apache: `Header always set Strict-Transport-Security "
       "\"max-age=31536000; includeSubDomains\"`. One header per response; `includeSubDomains` only "
       "if every subdomain serves HTTPS; `preload` and registration on hstspreload.org once the "
       "configuration is stable.",
       "RFC 6797 §6.1, §8.1, §11.2; ANSSI-PA-009 v2.0 (2021); MDN Strict-Transport-Security"},

      {"WEB-TLS-01", Category::kWebTransport, Actor::kWebHost,
       "Anciennes versions de TLS désactivées",
       "Legacy TLS versions disabled",
       "Les versions SSLv3, TLS 1.0 et TLS 1.1 du protocole de sécurisation sont obsolètes et ont "
       "des faiblesses connues. Les laisser actives permet à un attaquant d'imposer une connexion "
       "moins protégée.",
       "SSLv3, TLS 1.0 and TLS 1.1 are obsolete versions of the security protocol with known "
       "weaknesses. Leaving them enabled lets an attacker force a weaker connection.",
       "N'autoriser que TLS 1.2 et TLS 1.3. nginx : `ssl_protocols TLSv1.2 TLSv1.3;` ; Apache : "
       "`SSLProtocol -all +TLSv1.2 +TLSv1.3` ; IIS : désactiver SSL 3.0, TLS 1.0 et TLS 1.1 dans "
       "SCHANNEL (registre ou outil IIS Crypto). Vérifier aussi l'équilibreur de charge, le "
       "pare-feu applicatif ou le CDN placé devant le serveur.",
       "Allow only TLS 1.2 and TLS 1.3. nginx: `ssl_protocols TLSv1.2 TLSv1.3;`; Apache: "
       "`SSLProtocol -all +TLSv1.2 +TLSv1.3`; IIS: disable SSL 3.0, TLS 1.0 and TLS 1.1 in "
       "SCHANNEL (registry or the IIS Crypto tool). Also check any load balancer, web application "
       "firewall or CDN in front of the server.",
       "ANSSI, Recommandations de sécurité relatives à TLS, v1.2 (2020); RFC 8996; RFC 7568"},

      {"WEB-TLS-02", Category::kWebTransport, Actor::kWebHost,
       "Prise en charge de TLS 1.3",
       "TLS 1.3 supported",
       "TLS 1.3 est la version la plus récente et la plus sûre du protocole qui protège le HTTPS. "
       "Elle supprime des mécanismes anciens et rend les connexions plus rapides.",
       "TLS 1.3 is the newest and safest version of the protocol behind HTTPS. It removes old "
       "mechanisms and makes connections faster.",
       "Activer TLS 1.3 (OpenSSL 1.1.1 ou plus récent côté serveur) : nginx `ssl_protocols TLSv1.2 "
       "TLSv1.3;` ; Apache 2.4.37 ou plus récent : `SSLProtocol -all +TLSv1.2 +TLSv1.3`. Sous "
       "Windows, TLS 1.3 nécessite Windows Server 2022 ou plus récent.",
       "Enable TLS 1.3 (OpenSSL 1.1.1 or later on the server): nginx `ssl_protocols TLSv1.2 "
       "TLSv1.3;`; Apache 2.4.37 or later: `SSLProtocol -all +TLSv1.2 +TLSv1.3`. On Windows, "
       "TLS 1.3 needs Windows Server 2022 or later.",
       "RFC 8446; ANSSI, Recommandations de sécurité relatives à TLS, v1.2 (2020)"},

      {"WEB-TLS-03", Category::kWebTransport, Actor::kWebHost,
       "Suites cryptographiques robustes",
       "Strong cipher suites",
       "Les suites cryptographiques déterminent la solidité du chiffrement des échanges avec le "
       "site. Des suites anciennes ou faibles permettent de déchiffrer des communications, parfois "
       "après coup.",
       "Cipher suites decide how strong the encryption of exchanges with the site is. Old or weak "
       "suites allow communications to be decrypted, sometimes after the fact.",
       "N'accepter que des suites à échange de clés éphémère (ECDHE, ou DHE) et à chiffrement "
       "authentifié (AES-GCM, ChaCha20-Poly1305), comme le recommande le guide TLS de l'ANSSI. "
       "nginx : `ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
       "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
       "ECDHE-RSA-CHACHA20-POLY1305;` ; Apache : `SSLCipherSuite` avec la même liste. Retirer en "
       "priorité les suites export, NULL, anonymes, DES, RC4 et 3DES, puis celles sans ECDHE ou "
       "en mode CBC.",
       "Accept only suites with ephemeral key exchange (ECDHE, or DHE) and authenticated "
       "encryption (AES-GCM, ChaCha20-Poly1305), as the ANSSI TLS guide recommends. nginx: "
       "`ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
       "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
       "ECDHE-RSA-CHACHA20-POLY1305;`; Apache: `SSLCipherSuite` with the same list. Remove export, "
       "NULL, anonymous, DES, RC4 and 3DES suites first, then those without ECDHE or in CBC mode.",
       "ANSSI, Recommandations de sécurité relatives à TLS, v1.2 (2020); RFC 7465; RFC 9325"},

      {"WEB-CERT-01", Category::kWebTransport, Actor::kWebHost,
       "Certificat d'une autorité reconnue, chaîne complète",
       "Certificate from a trusted authority, complete chain",
       "Le certificat prouve l'identité du site : il doit être signé par une autorité reconnue "
       "des navigateurs et accompagné de ses certificats intermédiaires. Sinon, les visiteurs "
       "voient une alerte de sécurité et prennent l'habitude de l'ignorer.",
       "The certificate proves the site's identity: it must be signed by an authority browsers "
       "trust and sent with its intermediate certificates. Otherwise visitors see a security "
       "warning and learn to ignore it.",
       "Remplacer un certificat auto-signé par un certificat d'une autorité reconnue (Let's "
       "Encrypt, gratuit, ou l'autorité de l'hébergeur). Servir la chaîne complète : nginx "
       "`ssl_certificate` doit désigner le fichier « fullchain » (certificat suivi des "
       "intermédiaires) ; Apache 2.4.8 ou plus récent : `SSLCertificateFile` avec la chaîne "
       "complète. Contrôler avec `openssl s_client -connect hôte:443 -servername hôte -showcerts`.",
       "Replace a self-signed certificate with one from a trusted authority (Let's Encrypt, free, "
       "or the host's authority). Serve the complete chain: nginx `ssl_certificate` must point to "
       "the \"fullchain\" file (certificate followed by intermediates); Apache 2.4.8 or later: "
       "`SSLCertificateFile` with the full chain. Check with `openssl s_client -connect host:443 "
       "-servername host -showcerts`.",
       "RFC 5280 §6; RFC 8446 §4.4.2; ANSSI, Recommandations de sécurité relatives à TLS, v1.2 "
       "(2020)"},

      {"WEB-CERT-02", Category::kWebTransport, Actor::kWebHost,
       "Validité du certificat",
       "Certificate validity",
       "Un certificat a une date d'expiration : une fois expiré, les navigateurs bloquent l'accès "
       "au site avec un message d'alerte. Un renouvellement automatique évite cette interruption.",
       "A certificate has an expiry date: once it has passed, browsers block the site with a "
       "warning. Automatic renewal avoids the outage.",
       "Renouveler le certificat avant son échéance et automatiser le renouvellement (certbot ou "
       "autre client ACME lancé par une tâche planifiée, suivi d'un rechargement du serveur web). "
       "Mettre en place une alerte sur la date d'expiration. Si un certificat intermédiaire a "
       "expiré, installer la chaîne à jour fournie par l'autorité.",
       "Renew the certificate before it expires and automate renewal (certbot or another ACME "
       "client run by a scheduled task, followed by a web server reload). Set up an alert on the "
       "expiry date. If an intermediate certificate has expired, install the current chain from "
       "the authority.",
       "RFC 5280 §4.1.2.5; CA/Browser Forum Baseline Requirements; ANSSI, Recommandations de "
       "sécurité relatives à TLS, v1.2 (2020)"},

      {"WEB-CERT-03", Category::kWebTransport, Actor::kWebHost,
       "Le certificat correspond au nom du site",
       "Certificate matches the site name",
       "Le certificat doit mentionner exactement l'adresse visitée, avec et sans « www ». S'il ne "
       "la couvre pas, les navigateurs affichent la même alerte que pour un site usurpé.",
       "The certificate must name exactly the address visited, with and without \"www\". If it "
       "does not, browsers show the same warning as for an impostor site.",
       "Obtenir un certificat dont l'extension subjectAltName liste tous les noms servis, par "
       "exemple `exemple.fr` et `www.exemple.fr` (`certbot -d exemple.fr -d www.exemple.fr`). Un "
       "certificat joker `*.exemple.fr` ne couvre ni `exemple.fr` ni `a.b.exemple.fr`, et le seul "
       "champ CN n'est plus pris en compte. Vérifier que chaque nom est servi par le bon bloc "
       "(nginx `server_name`, Apache `ServerName` et `ServerAlias`).",
       "Get a certificate whose subjectAltName extension lists every name served, for example "
       "`example.fr` and `www.example.fr` (`certbot -d example.fr -d www.example.fr`). A wildcard "
       "`*.example.fr` covers neither `example.fr` nor `a.b.example.fr`, and the CN field alone is "
       "no longer used. Check that each name is served by the right block (nginx `server_name`, "
       "Apache `ServerName` and `ServerAlias`).",
       "RFC 9525 §6.3; RFC 6125 §6.4; RFC 5280 §4.2.1.6"},

      {"WEB-CERT-04", Category::kWebTransport, Actor::kWebHost,
       "Clé et signature du certificat robustes",
       "Strong certificate key and signature",
       "La clé du certificat et l'algorithme qui le signe doivent résister aux capacités de calcul "
       "actuelles. Une clé trop courte, ou une signature SHA-1 ou MD5, permet de fabriquer un faux "
       "certificat.",
       "The certificate's key and the algorithm that signs it must withstand today's computing "
       "power. A short key, or a SHA-1 or MD5 signature, makes a forged certificate possible.",
       "Générer une nouvelle clé RSA d'au moins 2048 bits (3072 recommandés) ou ECDSA P-256, et "
       "faire émettre un certificat signé en SHA-256 ou plus : `openssl req -new -newkey rsa:3072 "
       "…` ou `certbot --key-type ecdsa`. Révoquer ensuite l'ancien certificat.",
       "Generate a new RSA key of at least 2048 bits (3072 recommended) or an ECDSA P-256 key, and "
       "have a certificate signed with SHA-256 or better issued: `openssl req -new -newkey "
       "rsa:3072 …` or `certbot --key-type ecdsa`. Then revoke the old certificate.",
       "ANSSI, Recommandations de sécurité relatives à TLS, v1.2 (2020); ANSSI, Guide de sélection "
       "d'algorithmes cryptographiques (2021); RFC 6151; RFC 9155"},

      {"WEB-HDR-01", Category::kWebHygiene, Actor::kWebHost,
       "Politique de sécurité du contenu (CSP)",
       "Content Security Policy (CSP)",
       "L'en-tête Content-Security-Policy indique au navigateur quels scripts et contenus le site "
       "a le droit de charger. Il limite fortement les conséquences d'une injection de code "
       "malveillant dans une page.",
       "The Content-Security-Policy header tells the browser which scripts and content the site "
       "may load. It greatly limits the damage of malicious code injected into a page.",
       "Définir une politique adaptée au site, d'abord en `Content-Security-Policy-Report-Only` "
       "pour observer, puis appliquée, par exemple : `default-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; frame-ancestors 'self'`. Éviter `'unsafe-inline'` et "
       "`'unsafe-eval'` dans script-src (préférer des nonces ou des empreintes, avec "
       "`'strict-dynamic'`). nginx : `add_header Content-Security-Policy \"…\" always;` ; Apache : "
       "`Header always set Content-Security-Policy \"…\"`.",
       "Define a policy that fits the site, first as `Content-Security-Policy-Report-Only` to "
       "observe, then enforced, for example: `default-src 'self'; script-src 'self'; object-src "
       "'none'; base-uri 'self'; frame-ancestors 'self'`. Avoid `'unsafe-inline'` and "
       "`'unsafe-eval'` in script-src (prefer nonces or hashes, with `'strict-dynamic'`). nginx: "
       "`add_header Content-Security-Policy \"…\" always;`; Apache: `Header always set "
       "Content-Security-Policy \"…\"`.",
       "W3C Content Security Policy Level 3; ANSSI-PA-009 v2.0 (2021); OWASP Content Security "
       "Policy Cheat Sheet; MDN Content-Security-Policy"},

      {"WEB-HDR-02", Category::kWebHygiene, Actor::kWebHost,
       "Protection contre l'affichage dans un cadre (clickjacking)",
       "Protection against framing (clickjacking)",
       "Sans protection, un autre site peut afficher celui de la collectivité dans un cadre "
       "invisible et détourner les clics des visiteurs. Un simple en-tête l'interdit.",
       "Without protection, another site can show the collectivity's site in an invisible frame "
       "and hijack visitors' clicks. A simple header forbids it.",
       "Ajouter `frame-ancestors 'self'` (ou `'none'`) à la Content-Security-Policy et, pour les "
       "anciens navigateurs, `X-Frame-Options: SAMEORIGIN`. nginx : `add_header X-Frame-Options "
       "\"SAMEORIGIN\" always;` ; Apache : `Header always set X-Frame-Options \"SAMEORIGIN\"`. Ne "
       "pas utiliser `ALLOW-FROM`, ignoré par les navigateurs, ni plusieurs valeurs différentes.",
       "Add `frame-ancestors 'self'` (or `'none'`) to the Content-Security-Policy and, for older "
       "browsers, `X-Frame-Options: SAMEORIGIN`. nginx: `add_header X-Frame-Options "
       "\"SAMEORIGIN\" always;`; Apache: `Header always set X-Frame-Options \"SAMEORIGIN\"`. Do not "
       "use `ALLOW-FROM`, which browsers ignore, nor several different values.",
       "RFC 7034; W3C CSP Level 3 (frame-ancestors); ANSSI-PA-009 v2.0 (2021); OWASP "
       "Clickjacking Defense Cheat Sheet"},

      {"WEB-HDR-03", Category::kWebHygiene, Actor::kWebHost,
       "En-tête X-Content-Type-Options",
       "X-Content-Type-Options header",
       "Cet en-tête interdit au navigateur de deviner le type d'un fichier et de l'exécuter comme "
       "un script. Il ferme une voie d'attaque courante, notamment sur les fichiers déposés par "
       "les usagers.",
       "This header forbids the browser from guessing a file's type and running it as a script. "
       "It closes a common attack path, notably through files uploaded by users.",
       "Ajouter `X-Content-Type-Options: nosniff` sur toutes les réponses. nginx : `add_header "
       "X-Content-Type-Options \"nosniff\" always;` ; Apache : `Header always set "
       "X-Content-Type-Options \"nosniff\"`.",
       "Send `X-Content-Type-Options: nosniff` on every response. nginx: `add_header "
       "X-Content-Type-Options \"nosniff\" always;`; Apache: `Header always set "
       "X-Content-Type-Options \"nosniff\"`.",
       "WHATWG Fetch Standard (X-Content-Type-Options); ANSSI-PA-009 v2.0 (2021); OWASP Secure "
       "Headers Project; MDN X-Content-Type-Options"},

      {"WEB-HDR-04", Category::kWebHygiene, Actor::kWebHost,
       "Politique de transmission du référent (Referrer-Policy)",
       "Referrer-Policy",
       "Quand un visiteur suit un lien vers un autre site, son navigateur peut transmettre "
       "l'adresse complète de la page quittée, parfois avec des informations personnelles. "
       "L'en-tête Referrer-Policy limite ce qui est transmis.",
       "When a visitor follows a link to another site, the browser may send the full address of "
       "the page left, sometimes with personal information. The Referrer-Policy header limits "
       "what is sent.",
       "Ajouter `Referrer-Policy: strict-origin-when-cross-origin` (ou `no-referrer`, "
       "`same-origin`). nginx : `add_header Referrer-Policy \"strict-origin-when-cross-origin\" "
       "always;` ; Apache : `Header always set Referrer-Policy \"strict-origin-when-cross-origin\"`. "
       "Ne pas utiliser `unsafe-url` ni `no-referrer-when-downgrade`.",
       "Send `Referrer-Policy: strict-origin-when-cross-origin` (or `no-referrer`, "
       "`same-origin`). nginx: `add_header Referrer-Policy \"strict-origin-when-cross-origin\" "
       "always;`; Apache: `Header always set Referrer-Policy \"strict-origin-when-cross-origin\"`. "
       "Do not use `unsafe-url` or `no-referrer-when-downgrade`.",
       "W3C Referrer Policy; ANSSI-PA-009 v2.0 (2021); MDN Referrer-Policy"},

      {"WEB-COOKIE-01", Category::kWebHygiene, Actor::kItProvider,
       "Cookies protégés (Secure, HttpOnly, SameSite)",
       "Protected cookies (Secure, HttpOnly, SameSite)",
       "Les cookies servent souvent à reconnaître une session ouverte sur le site. Mal protégés, "
       "ils peuvent être interceptés ou volés par un script, ce qui permet de se faire passer pour "
       "un usager ou un agent.",
       "Cookies often identify a session open on the site. Poorly protected, they can be "
       "intercepted or stolen by a script, letting someone impersonate a resident or an employee.",
       "Poser l'attribut `Secure` sur tous les cookies, `HttpOnly` sur les cookies de session et "
       "`SameSite=Lax` (ou `Strict`). PHP : `session.cookie_secure = 1`, `session.cookie_httponly "
       "= 1` et `session.cookie_samesite = Lax` dans php.ini ; CMS : activer l'option "
       "correspondante. Respecter les règles des préfixes `__Secure-` (Secure obligatoire) et "
       "`__Host-` (Secure, Path=/ et pas de Domain).",
       "Set `Secure` on every cookie, `HttpOnly` on session cookies, and `SameSite=Lax` (or "
       "`Strict`). PHP: `session.cookie_secure = 1`, `session.cookie_httponly = 1` and "
       "`session.cookie_samesite = Lax` in php.ini; CMS: enable the matching option. Follow the "
       "rules of the `__Secure-` (Secure required) and `__Host-` (Secure, Path=/ and no Domain) "
       "prefixes.",
       "RFC 6265bis (draft-ietf-httpbis-rfc6265bis) §4.1.2, §4.1.3; ANSSI-PA-009 v2.0 (2021); "
       "OWASP Session Management Cheat Sheet; MDN Set-Cookie"},

      {"WEB-MIXED-01", Category::kWebHygiene, Actor::kItProvider,
       "Scripts chargés en HTTPS (contenu mixte)",
       "Scripts loaded over HTTPS (mixed content)",
       "Une page sécurisée qui charge un script en HTTP non chiffré perd sa protection : ce script "
       "peut être modifié en chemin. Les navigateurs le bloquent, ce qui peut aussi casser des "
       "fonctions du site.",
       "A secure page that loads a script over unencrypted HTTP loses its protection: the script "
       "can be altered on the way. Browsers block it, which may also break parts of the site.",
       "Remplacer les adresses `http://` des balises `<script src>` par `https://`, ou servir le "
       "script depuis le site lui-même. En complément, ajouter la directive CSP "
       "`upgrade-insecure-requests`. Vérifier les modèles (thèmes) du CMS et les extensions qui "
       "insèrent des scripts tiers.",
       "Replace the `http://` addresses of `<script src>` tags with `https://`, or serve the script "
       "from the site itself. Also add the CSP directive `upgrade-insecure-requests`. Check the "
       "CMS templates (themes) and plug-ins that insert third-party scripts.",
       "W3C Mixed Content; W3C Upgrade Insecure Requests; ANSSI-PA-009 v2.0 (2021); MDN Mixed "
       "content"},

      {"WEB-SECTXT-01", Category::kWebHygiene, Actor::kItProvider,
       "Fichier security.txt (contact sécurité)",
       "security.txt file (security contact)",
       "Le fichier security.txt indique à qui signaler une faille de sécurité découverte sur le "
       "site. Sans lui, la personne qui trouve un problème ne sait pas qui prévenir et l'alerte "
       "risque de se perdre.",
       "The security.txt file says whom to tell about a security flaw found on the site. Without "
       "it, whoever finds a problem does not know whom to warn, and the warning may be lost.",
       "Publier `https://exemple.fr/.well-known/security.txt` en `text/plain; charset=utf-8` avec "
       "au moins `Contact: mailto:securite@exemple.fr` et `Expires:` suivi d'une date au format "
       "RFC 3339 à moins d'un an (par exemple `2027-06-30T22:00:00Z`), à renouveler avant "
       "échéance ; un seul champ Expires. Une signature PGP est possible. nginx : `location = "
       "/.well-known/security.txt { default_type \"text/plain; charset=utf-8\"; }`.",
       "Publish `https://example.fr/.well-known/security.txt` as `text/plain; charset=utf-8` with "
       "at least `Contact: mailto:security@example.fr` and `Expires:` followed by an RFC 3339 date "
       "less than a year ahead (for example `2027-06-30T22:00:00Z`), renewed before it passes; a "
       "single Expires field. A PGP signature is allowed. nginx: `location = "
       "/.well-known/security.txt { default_type \"text/plain; charset=utf-8\"; }`.",
       "RFC 9116 (security.txt)"},

      {"WEB-INFO-01", Category::kWebHygiene, Actor::kWebHost,
       "Versions des logiciels affichées publiquement",
       "Software versions disclosed publicly",
       "Le serveur annonce à chaque visiteur le nom et la version exacte de ses logiciels. Cette "
       "information aide un attaquant à cibler les failles connues de ces versions.",
       "The server tells every visitor the name and exact version of its software. This helps an "
       "attacker target the known flaws of those versions.",
       "Masquer les versions : nginx `server_tokens off;` ; Apache `ServerTokens Prod` et "
       "`ServerSignature Off` ; PHP `expose_php = Off` ; IIS : retirer `X-Powered-By` et "
       "`X-AspNet-Version` (`<httpRuntime enableVersionHeader=\"false\" />`, "
       "`removeServerHeader=\"true\"`) ; CMS : supprimer la balise meta generator (WordPress : "
       "`remove_action('wp_head', 'wp_generator');`). Masquer la version ne dispense pas de "
       "mettre à jour.",
       "Hide versions: nginx `server_tokens off;`; Apache `ServerTokens Prod` and `ServerSignature "
       "Off`; PHP `expose_php = Off`; IIS: remove `X-Powered-By` and `X-AspNet-Version` "
       "(`<httpRuntime enableVersionHeader=\"false\" />`, `removeServerHeader=\"true\"`); CMS: "
       "remove the generator meta tag (WordPress: `remove_action('wp_head', 'wp_generator');`). "
       "Hiding the version does not replace updating.",
       "RFC 9110 §10.2.4; ANSSI, Recommandations pour la sécurisation des sites web (2013); OWASP "
       "WSTG-INFO-02, WSTG-INFO-08"},

      {"WEB-EOL-01", Category::kWebHygiene, Actor::kItProvider,
       "Logiciel en fin de vie",
       "Software past its end of life",
       "Le site utilise une version de logiciel que son éditeur ne corrige plus. Les failles "
       "découvertes depuis ne seront jamais réparées, ce qui expose le site aux attaques "
       "automatisées.",
       "The site runs a software version its publisher no longer fixes. Flaws found since then "
       "will never be repaired, which exposes the site to automated attacks.",
       "Mettre à jour vers une version maintenue : PHP 8.3 ou plus récent, Apache httpd 2.4, une "
       "branche nginx maintenue (stable ou mainline), la dernière version majeure du CMS "
       "(WordPress, Drupal, Joomla), un Windows Server encore supporté pour IIS. Attention : les "
       "distributions (Debian, Ubuntu, Red Hat…) corrigent les failles de leurs paquets sans "
       "changer le numéro de version d'origine ; sur une distribution maintenue et à jour, le "
       "signalement peut être un faux positif, à vérifier avec `apt changelog <paquet>` ou les "
       "avis de sécurité de la distribution.",
       "Upgrade to a maintained version: PHP 8.3 or later, Apache httpd 2.4, a maintained nginx "
       "branch (stable or mainline), the latest major release of the CMS (WordPress, Drupal, "
       "Joomla), a still-supported Windows Server for IIS. Caution: distributions (Debian, Ubuntu, "
       "Red Hat...) patch their packages without changing the upstream version number; on a "
       "maintained and updated distribution the finding may be a false positive, to be checked "
       "with `apt changelog <package>` or the distribution's security advisories.",
       "Dated table in checks/web/eol_table.cc (php.net, httpd.apache.org, nginx.org, drupal.org, "
       "wordpress.org, joomla.org, Microsoft lifecycle, openssl-library.org; reviewed 2026-12-03); "
       "ANSSI, Guide d'hygiène informatique (2017), mesure 34; OWASP Top 10 2021 A06"},
  };
  return kEntries;
}

}  // namespace posture
