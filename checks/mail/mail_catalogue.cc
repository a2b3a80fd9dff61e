// The catalogue entries of the mail and DNS checks (see checks/catalogue.h):
// French first (the default), then English.
#include "checks/mail/mail_checks.h"

namespace posture {

const std::vector<CatalogueEntry>& MailCatalogue() {
  static const std::vector<CatalogueEntry> kEntries = {
      {"MAIL-OWN-01", Category::kMailAuth, Actor::kCollectivity,
       "Adresse officielle chez un fournisseur grand public",
       "Official address at a consumer mailbox provider",
       "L'adresse de contact officielle de la collectivité est une boîte de messagerie grand public "
       "(Orange, Gmail, Free…) et non une adresse à son propre nom de domaine. N'importe qui peut "
       "créer une adresse semblable chez ce fournisseur et se faire passer pour la mairie, et la "
       "collectivité ne maîtrise ni la sécurité ni l'archivage de ses échanges.",
       "The collectivity's official contact address is a consumer mailbox (Orange, Gmail, Free…) "
       "rather than an address on its own domain name. Anyone can open a look-alike address at the "
       "same provider and pose as the town hall, and the collectivity controls neither the security "
       "nor the archiving of its mail.",
       "Créer des adresses sur le nom de domaine de la collectivité (par exemple "
       "contact@mairie-exemple.fr) chez un hébergeur de messagerie professionnel, publier les "
       "enregistrements MX, SPF, DKIM et DMARC correspondants, rediriger puis fermer l'ancienne boîte "
       "grand public, et mettre à jour l'annuaire de Service-Public.fr.",
       "Create addresses on the collectivity's own domain (e.g. contact@town-example.fr) with a "
       "professional mail host, publish the matching MX, SPF, DKIM and DMARC records, forward then "
       "close the old consumer mailbox, and update the Service-Public.fr directory entry.",
       "RFC 7208; RFC 7489; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-MX-01", Category::kMailAuth, Actor::kItProvider,
       "Serveurs de réception du courrier (MX)", "Mail servers (MX)",
       "Les enregistrements MX indiquent quels serveurs reçoivent le courrier adressé au domaine. "
       "Cette information sert de repère aux autres contrôles de la messagerie.",
       "MX records say which servers receive the mail sent to the domain. This information is the "
       "starting point of the other mail checks.",
       "Aucune action requise. Un domaine qui ne reçoit pas de courrier peut publier un « MX nul » : "
       "« exemple.fr. MX 0 . » (RFC 7505).",
       "No action required. A domain that receives no mail can publish a null MX: "
       "\"example.fr. MX 0 .\" (RFC 7505).",
       "RFC 5321 §5.1; RFC 7505"},
      {"MAIL-SPF-01", Category::kMailAuth, Actor::kItProvider,
       "Enregistrement SPF unique", "A single SPF record",
       "L'enregistrement SPF publie la liste des serveurs autorisés à envoyer du courrier au nom de la "
       "collectivité. Sans lui, ou s'il y en a plusieurs, les messageries destinataires ne peuvent pas "
       "repérer les faux messages envoyés en son nom.",
       "The SPF record publishes the list of servers allowed to send mail on the collectivity's "
       "behalf. Without it, or with several of them, receiving mail systems cannot spot forged mail "
       "sent in its name.",
       "Publier un seul enregistrement TXT commençant par « v=spf1 » à la racine du domaine, listant "
       "les serveurs d'envoi, par exemple : « exemple.fr. TXT \"v=spf1 include:spf.protection.outlook.com "
       "-all\" ». S'il en existe plusieurs, les fusionner en un seul.",
       "Publish exactly one TXT record starting with \"v=spf1\" at the domain apex, listing the sending "
       "servers, e.g. \"example.fr. TXT \\\"v=spf1 include:spf.protection.outlook.com -all\\\"\". If "
       "there are several, merge them into one.",
       "RFC 7208 §3, §4.5; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-SPF-02", Category::kMailAuth, Actor::kItProvider,
       "SPF évaluable (syntaxe et limites)", "SPF can be evaluated (syntax and limits)",
       "Un enregistrement SPF trop long, mal écrit ou qui renvoie vers trop d'autres enregistrements "
       "est rejeté en bloc par les messageries destinataires. La protection contre l'usurpation "
       "disparaît alors, même si l'enregistrement semble présent.",
       "An SPF record that is malformed, or that refers to too many other records, is rejected as a "
       "whole by receiving mail systems. The protection against spoofing is then lost, even though "
       "the record seems to be there.",
       "Corriger la syntaxe signalée ; rester sous 10 termes provoquant une requête DNS (include, a, "
       "mx, ptr, exists, redirect) dans tout l'arbre des include, et sous 2 requêtes sans réponse ; "
       "retirer les include vers des domaines sans SPF ; remplacer « ptr » par « ip4: »/« ip6: » ; au "
       "besoin remplacer des include par les plages d'adresses (ip4:203.0.113.0/24).",
       "Fix the reported syntax error; stay under 10 DNS-querying terms (include, a, mx, ptr, exists, "
       "redirect) across the whole include tree and under 2 void lookups; remove includes of domains "
       "without SPF; replace \"ptr\" with \"ip4:\"/\"ip6:\"; if needed replace includes with address "
       "ranges (ip4:203.0.113.0/24).",
       "RFC 7208 §4.6, §4.6.4, §5.5"},
      {"MAIL-SPF-03", Category::kMailAuth, Actor::kItProvider,
       "Politique SPF finale", "SPF terminal policy",
       "La fin de l'enregistrement SPF dit quoi faire des messages venant de serveurs non listés. Si "
       "elle est permissive, les faux messages au nom de la collectivité ne sont pas écartés.",
       "The end of the SPF record says what to do with mail from servers that are not listed. If it "
       "is permissive, forged mail in the collectivity's name is not set aside.",
       "Terminer l'enregistrement par « -all » (refus) une fois la liste des serveurs d'envoi "
       "complète, par exemple « v=spf1 include:_spf.fournisseur.fr -all » ; ne jamais utiliser "
       "« +all » ni des plages d'adresses très larges.",
       "End the record with \"-all\" (fail) once the list of sending servers is complete, e.g. "
       "\"v=spf1 include:_spf.provider.fr -all\"; never use \"+all\" nor very wide address ranges.",
       "RFC 7208 §4.7, §5.1, §6.1; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-DMARC-01", Category::kMailAuth, Actor::kItProvider,
       "Enregistrement DMARC", "DMARC record",
       "DMARC indique aux messageries destinataires comment traiter les messages qui se réclament de "
       "la collectivité sans passer les contrôles SPF et DKIM. Sans enregistrement DMARC valide, ces "
       "faux messages sont en général distribués normalement.",
       "DMARC tells receiving mail systems what to do with messages that claim to come from the "
       "collectivity but fail the SPF and DKIM checks. Without a valid DMARC record, such forged "
       "messages are usually delivered normally.",
       "Publier un enregistrement TXT sur _dmarc.<domaine>, commençant par « v=DMARC1 » et "
       "contenant « p= », par exemple : « _dmarc.exemple.fr. TXT \"v=DMARC1; p=none; "
       "rua=mailto:dmarc@exemple.fr\" », puis durcir la politique (voir MAIL-DMARC-02). Un seul "
       "enregistrement DMARC par nom.",
       "Publish a TXT record at _dmarc.<domain> starting with \"v=DMARC1\" and containing \"p=\", e.g. "
       "\"_dmarc.example.fr. TXT \\\"v=DMARC1; p=none; rua=mailto:dmarc@example.fr\\\"\", then tighten "
       "the policy (see MAIL-DMARC-02). Only one DMARC record per name.",
       "RFC 7489 §6.1, §6.3, §6.6.3; RFC 9989; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-DMARC-02", Category::kMailAuth, Actor::kItProvider,
       "Politique DMARC appliquée", "DMARC policy in force",
       "La politique DMARC décide du sort des faux messages : rien (none), courrier indésirable "
       "(quarantine) ou refus (reject). Tant qu'elle n'est pas à « reject », des messages usurpant la "
       "collectivité peuvent atteindre leurs destinataires.",
       "The DMARC policy decides what happens to forged messages: nothing (none), spam folder "
       "(quarantine) or refusal (reject). Until it is \"reject\", messages impersonating the "
       "collectivity can reach their recipients.",
       "Après quelques semaines d'analyse des rapports (rua), passer à « p=quarantine » puis à "
       "« p=reject » : « v=DMARC1; p=reject; rua=mailto:dmarc@exemple.fr ». Retirer « t=y » et tout "
       "« pct » inférieur à 100 ; pour les sous-domaines, vérifier « sp= ».",
       "After a few weeks of reading the aggregate reports (rua), move to \"p=quarantine\" then "
       "\"p=reject\": \"v=DMARC1; p=reject; rua=mailto:dmarc@example.fr\". Remove \"t=y\" and any "
       "\"pct\" below 100; for subdomains, check \"sp=\".",
       "RFC 7489 §6.3, §6.6.4; RFC 9989; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-DMARC-03", Category::kMailAuth, Actor::kItProvider,
       "Rapports DMARC", "DMARC reports",
       "Les rapports DMARC permettent de savoir qui envoie du courrier au nom de la collectivité, "
       "légitimement ou non. Sans eux, il est difficile de durcir la politique sans risque.",
       "DMARC reports show who sends mail in the collectivity's name, legitimately or not. Without "
       "them it is hard to tighten the policy safely.",
       "Ajouter « rua=mailto:adresse@exemple.fr » à l'enregistrement DMARC. Si l'adresse est sur un "
       "autre domaine (prestataire), celui-ci doit publier « exemple.fr._report._dmarc.prestataire.fr. "
       "TXT \"v=DMARC1\" », sans quoi les rapports ne sont pas envoyés.",
       "Add \"rua=mailto:address@example.fr\" to the DMARC record. If the address is on another "
       "domain (a provider), that domain must publish \"example.fr._report._dmarc.provider.fr. TXT "
       "\\\"v=DMARC1\\\"\", otherwise reports are not sent.",
       "RFC 7489 §7.1, §7.2"},
      {"MAIL-DKIM-01", Category::kMailAuth, Actor::kMailProvider,
       "Signature DKIM (indice)", "DKIM signing (indication)",
       "DKIM appose une signature numérique sur les messages envoyés, ce qui prouve qu'ils viennent "
       "bien de la collectivité et n'ont pas été modifiés. Ce contrôle ne voit qu'un indice de sa "
       "présence (une clé publiée), pas la preuve que chaque message est signé.",
       "DKIM puts a digital signature on outgoing messages, proving they really come from the "
       "collectivity and were not altered. This check only sees a sign that it is in place (a "
       "published key), not proof that every message is signed.",
       "Activer la signature DKIM chez le fournisseur de messagerie et publier la clé qu'il indique, "
       "par exemple « selector1._domainkey.exemple.fr. CNAME … » (Microsoft 365) ou « google._domainkey."
       "exemple.fr. TXT \"v=DKIM1; k=rsa; p=…\" » ; utiliser des clés RSA de 2048 bits et retirer les "
       "clés de moins de 1024 bits.",
       "Enable DKIM signing at the mail provider and publish the key it gives, e.g. "
       "\"selector1._domainkey.example.fr. CNAME …\" (Microsoft 365) or \"google._domainkey.example.fr. "
       "TXT \\\"v=DKIM1; k=rsa; p=…\\\"\"; use 2048-bit RSA keys and remove keys below 1024 bits.",
       "RFC 6376 §3.6; RFC 8301 §3.2; RFC 8463; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-NULL-01", Category::kMailAuth, Actor::kItProvider,
       "Domaine sans courrier verrouillé", "Domain without mail locked down",
       "Un domaine qui ne sert pas à la messagerie peut quand même être utilisé pour envoyer de faux "
       "messages. Il doit déclarer publiquement qu'aucun serveur n'envoie de courrier en son nom.",
       "A domain that is not used for mail can still be used to send forged messages. It should "
       "declare publicly that no server sends mail in its name.",
       "Publier « exemple.fr. TXT \"v=spf1 -all\" », « _dmarc.exemple.fr. TXT \"v=DMARC1; p=reject\" » "
       "et, s'il ne reçoit pas de courrier, un MX nul « exemple.fr. MX 0 . ».",
       "Publish \"example.fr. TXT \\\"v=spf1 -all\\\"\", \"_dmarc.example.fr. TXT \\\"v=DMARC1; "
       "p=reject\\\"\" and, if it receives no mail, a null MX \"example.fr. MX 0 .\".",
       "RFC 7505 §4; RFC 7208 §4.7; RFC 7489 §6.3"},
      {"MAIL-TLS-01", Category::kMailTransport, Actor::kMailProvider,
       "Chiffrement du courrier entrant (STARTTLS)", "Incoming mail encryption (STARTTLS)",
       "Quand le serveur de messagerie ne propose pas le chiffrement, les messages envoyés à la "
       "collectivité circulent en clair sur Internet. Ils peuvent alors être lus ou modifiés en chemin.",
       "When the mail server does not offer encryption, messages sent to the collectivity travel in "
       "clear text over the Internet. They can then be read or altered on the way.",
       "Activer STARTTLS sur chaque serveur MX (port 25) avec un certificat valide et vérifier que la "
       "négociation aboutit, par exemple « openssl s_client -starttls smtp -connect mx.exemple.fr:25 ».",
       "Enable STARTTLS on every MX server (port 25) with a valid certificate and check that the "
       "handshake completes, e.g. \"openssl s_client -starttls smtp -connect mx.example.fr:25\".",
       "RFC 3207; RFC 8314; ANSSI, « Recommandations de sécurité relatives à la messagerie »"},
      {"MAIL-TLS-02", Category::kMailTransport, Actor::kMailProvider,
       "Versions obsolètes de TLS sur les MX", "Obsolete TLS versions on the MX",
       "Les anciennes versions du chiffrement (TLS 1.0 et 1.1) ont des faiblesses connues. Les "
       "accepter expose les échanges à des attaques qui affaiblissent leur protection.",
       "Old versions of the encryption protocol (TLS 1.0 and 1.1) have known weaknesses. Accepting "
       "them exposes exchanges to attacks that weaken their protection.",
       "Désactiver SSLv3, TLS 1.0 et TLS 1.1 sur les serveurs MX et n'accepter que TLS 1.2 et 1.3 "
       "(Postfix : « smtpd_tls_protocols = >=TLSv1.2 »).",
       "Disable SSLv3, TLS 1.0 and TLS 1.1 on the MX servers and accept only TLS 1.2 and 1.3 "
       "(Postfix: \"smtpd_tls_protocols = >=TLSv1.2\").",
       "RFC 8996; RFC 7568; ANSSI, « Recommandations de sécurité relatives à TLS »"},
      {"MAIL-TLS-03", Category::kMailTransport, Actor::kMailProvider,
       "Suites cryptographiques des MX", "MX cipher suites",
       "Certaines méthodes de chiffrement sont cassées ou ne protègent pas les échanges passés si une "
       "clé est un jour dérobée. Le serveur de messagerie ne doit proposer que des méthodes sûres.",
       "Some encryption methods are broken, or do not protect past exchanges if a key is stolen one "
       "day. The mail server should only offer sound methods.",
       "Retirer les suites export, NULL, anonymes, RC4, DES et 3DES, et privilégier les échanges de "
       "clés ECDHE (Postfix : « smtpd_tls_exclude_ciphers = aNULL, eNULL, EXPORT, DES, 3DES, RC4 », "
       "« tls_preempt_cipherlist = yes »).",
       "Remove export, NULL, anonymous, RC4, DES and 3DES suites and prefer ECDHE key exchange "
       "(Postfix: \"smtpd_tls_exclude_ciphers = aNULL, eNULL, EXPORT, DES, 3DES, RC4\", "
       "\"tls_preempt_cipherlist = yes\").",
       "RFC 9325 §4; RFC 7465; ANSSI, « Recommandations de sécurité relatives à TLS »"},
      {"MAIL-TLS-04", Category::kMailTransport, Actor::kMailProvider,
       "Certificat des serveurs MX", "MX server certificate",
       "Le certificat prouve l'identité du serveur de messagerie. S'il est expiré, auto-signé ou au "
       "mauvais nom, les expéditeurs exigeants (MTA-STS, DANE) refusent de livrer le courrier.",
       "The certificate proves the mail server's identity. If it is expired, self-signed or for the "
       "wrong name, demanding senders (MTA-STS, DANE) refuse to deliver mail.",
       "Installer sur chaque MX un certificat d'une autorité reconnue couvrant le nom du MX (par "
       "exemple mx1.exemple.fr), avec sa chaîne intermédiaire, et en automatiser le renouvellement.",
       "Install on every MX a certificate from a recognised authority covering the MX name (e.g. "
       "mx1.example.fr), with its intermediate chain, and automate its renewal.",
       "RFC 6125; RFC 8461 §4; RFC 7672"},
      {"MAIL-MTASTS-01", Category::kMailTransport, Actor::kItProvider,
       "MTA-STS (chiffrement exigé)", "MTA-STS (encryption required)",
       "MTA-STS demande aux autres serveurs de n'envoyer le courrier de la collectivité que de façon "
       "chiffrée et vers ses vrais serveurs. Sans lui, un attaquant placé sur le réseau peut forcer "
       "l'envoi en clair.",
       "MTA-STS asks other servers to send the collectivity's mail only encrypted and only to its "
       "real servers. Without it, an attacker on the network can force delivery in clear text.",
       "Publier « _mta-sts.exemple.fr. TXT \"v=STSv1; id=20250101\" » et servir en HTTPS (certificat "
       "valide) https://mta-sts.exemple.fr/.well-known/mta-sts.txt contenant « version: STSv1 », "
       "« mode: enforce », une ligne « mx: » par serveur MX et « max_age: 604800 » ; commencer par "
       "« mode: testing ».",
       "Publish \"_mta-sts.example.fr. TXT \\\"v=STSv1; id=20250101\\\"\" and serve over HTTPS (valid "
       "certificate) https://mta-sts.example.fr/.well-known/mta-sts.txt containing \"version: "
       "STSv1\", \"mode: enforce\", one \"mx:\" line per MX server and \"max_age: 604800\"; start with "
       "\"mode: testing\".",
       "RFC 8461 §3, §4"},
      {"MAIL-TLSRPT-01", Category::kMailTransport, Actor::kItProvider,
       "Rapports TLS (TLS-RPT)", "TLS reports (TLS-RPT)",
       "TLS-RPT demande aux autres serveurs de signaler les échecs de chiffrement lors de l'envoi de "
       "courrier à la collectivité. C'est un outil de suivi recommandé avec MTA-STS.",
       "TLS-RPT asks other servers to report encryption failures when they deliver mail to the "
       "collectivity. It is a monitoring aid recommended alongside MTA-STS.",
       "Publier « _smtp._tls.exemple.fr. TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@exemple.fr\" ».",
       "Publish \"_smtp._tls.example.fr. TXT \\\"v=TLSRPTv1; rua=mailto:tlsrpt@example.fr\\\"\".",
       "RFC 8460 §3"},
      {"MAIL-DANE-01", Category::kMailTransport, Actor::kItProvider,
       "DANE pour les serveurs MX", "DANE for the MX servers",
       "DANE publie dans le DNS signé l'empreinte du certificat des serveurs de messagerie, ce qui "
       "empêche un attaquant de se faire passer pour eux. Un enregistrement qui ne correspond plus au "
       "certificat bloque le courrier des expéditeurs qui l'utilisent.",
       "DANE publishes the fingerprint of the mail servers' certificates in the signed DNS, which "
       "stops an attacker from posing as them. A record that no longer matches the certificate "
       "blocks mail from the senders that use it.",
       "Signer la zone avec DNSSEC, puis publier pour chaque MX un enregistrement « _25._tcp.mx1."
       "exemple.fr. TLSA 3 1 1 <empreinte SHA-256 de la clé publique> » ; le mettre à jour avant "
       "chaque changement de clé.",
       "Sign the zone with DNSSEC, then publish for each MX a record \"_25._tcp.mx1.example.fr. TLSA "
       "3 1 1 <SHA-256 of the public key>\"; update it before every key change.",
       "RFC 7672; RFC 6698; RFC 7671"},
      {"DNS-DNSSEC-01", Category::kDns, Actor::kDnsHost,
       "Signature DNSSEC du domaine", "DNSSEC signing of the domain",
       "DNSSEC signe les informations du nom de domaine pour qu'on ne puisse pas les falsifier, par "
       "exemple pour détourner le site ou le courrier. Une signature cassée rend le domaine "
       "injoignable pour une grande partie des internautes.",
       "DNSSEC signs the domain name's information so that it cannot be forged, for instance to "
       "divert the website or mail. A broken signature makes the domain unreachable for a large part "
       "of Internet users.",
       "Activer DNSSEC chez l'hébergeur DNS et publier l'enregistrement DS chez le bureau "
       "d'enregistrement (.fr : via le registrar auprès de l'Afnic) ; en cas d'erreur de validation, "
       "corriger les signatures ou retirer le DS sans attendre.",
       "Enable DNSSEC at the DNS host and publish the DS record through the registrar (.fr: via the "
       "registrar to Afnic); on a validation error, fix the signatures or withdraw the DS at once.",
       "RFC 4033; RFC 4035; ANSSI, « Bonnes pratiques pour l'acquisition et l'exploitation de noms de domaine »"},
      {"DNS-CAA-01", Category::kDns, Actor::kDnsHost,
       "Autorités de certification autorisées (CAA)", "Authorised certification authorities (CAA)",
       "L'enregistrement CAA désigne les autorités de certification autorisées à délivrer des "
       "certificats pour le domaine. Il limite le risque qu'un faux certificat soit obtenu ailleurs.",
       "The CAA record names the certification authorities allowed to issue certificates for the "
       "domain. It limits the risk of a fraudulent certificate being obtained elsewhere.",
       "Publier un enregistrement CAA pour l'autorité utilisée, par exemple « exemple.fr. CAA 0 issue "
       "\"letsencrypt.org\" » et « exemple.fr. CAA 0 iodef \"mailto:securite@exemple.fr\" » ; s'il "
       "existe déjà, y ajouter l'autorité qui délivre le certificat actuel.",
       "Publish a CAA record for the authority in use, e.g. \"example.fr. CAA 0 issue "
       "\\\"letsencrypt.org\\\"\" and \"example.fr. CAA 0 iodef \\\"mailto:security@example.fr\\\"\"; "
       "if one exists, add the authority that issues the current certificate.",
       "RFC 8659"},
  };
  return kEntries;
}

}  // namespace posture
