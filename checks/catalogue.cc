#include "checks/catalogue.h"

#include "checks/mail/mail_checks.h"
#include "checks/web/web_checks.h"

namespace posture {

const char* ActorName(Actor a, Lang lang) {
  bool fr = lang == Lang::kFr;
  switch (a) {
    case Actor::kItProvider: return fr ? "le prestataire informatique" : "the IT provider";
    case Actor::kMailProvider: return fr ? "le fournisseur de messagerie" : "the mail provider";
    case Actor::kWebHost: return fr ? "l'hébergeur du site web" : "the web host";
    case Actor::kDnsHost: return fr ? "le gestionnaire du nom de domaine" : "the DNS host";
    case Actor::kCollectivity: return fr ? "la collectivité" : "the collectivity";
  }
  return "";
}

const std::vector<CatalogueEntry>& Catalogue() {
  static const std::vector<CatalogueEntry> kAll = [] {
    std::vector<CatalogueEntry> all = MailCatalogue();
    for (const CatalogueEntry& e : WebCatalogue()) all.push_back(e);
    return all;
  }();
  return kAll;
}

const CatalogueEntry* FindCatalogueEntry(const std::string& code) {
  for (const CatalogueEntry& e : Catalogue())
    if (code == e.code) return &e;
  return nullptr;
}

}  // namespace posture
