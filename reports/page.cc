#include "reports/page.h"

#include "reports/text.h"

namespace posture::reports {
namespace {

// Kept small: every page carries it.
constexpr const char* kCss = R"css(
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef0f3;color:#1b1f24;font:14px/1.4 "DejaVu Sans","Liberation Sans",Arial,Helvetica,sans-serif}
main{margin:0 auto;padding:18px 22px;background:#fff}
main.card{max-width:860px}
main.wide{max-width:1180px}
h1{font-size:24px;margin:0 0 2px;line-height:1.2}
h2{font-size:17px;margin:18px 0 6px;padding-bottom:3px;border-bottom:2px solid #dfe3e8}
h3{font-size:14px;margin:12px 0 4px}
p{margin:4px 0 8px}
a{color:#0b57a4}
code{font:.92em "DejaVu Sans Mono","Liberation Mono",monospace;background:#f1f3f5;padding:0 2px;overflow-wrap:anywhere}
.muted{color:#58616c}
.small{font-size:12px}
table{border-collapse:collapse;width:100%}
th,td{padding:3px 6px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{background:#f1f3f5;font-weight:600}
.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.g{display:inline-block;min-width:1.7em;padding:0 4px;border-radius:3px;text-align:center;font-weight:700}
.gA{background:#1a7f3c;color:#fff}.gB{background:#7cc242;color:#1b1b1b}.gC{background:#f2d43d;color:#1b1b1b}
.gD{background:#f08c2e;color:#1b1b1b}.gE{background:#d7261e;color:#fff}.gX{background:#c4c8cd;color:#1b1b1b}
.badge{display:inline-block;padding:0 5px;border:1px solid #c9ced6;border-radius:3px;background:#f4f5f7;font-size:12px;white-space:nowrap}
.prov{background:#fff3cd;border-color:#dcb94a}
.note{padding:6px 10px;margin:8px 0;border-left:4px solid #0b57a4;background:#eef4fb}
.warn{border-left-color:#dcb94a;background:#fff8e1}
.o-fail{color:#b3140d;font-weight:600}.o-partial{color:#a65b00;font-weight:600}.o-pass{color:#1a7f3c}
.o-info,.o-na,.o-nt,.o-error{color:#58616c}
pre.ev{margin:3px 0;padding:3px 6px;max-width:100%;overflow-wrap:anywhere;white-space:pre-wrap;word-break:break-word;background:#f6f7f9;border:1px solid #e3e6ea;font:11px/1.35 "DejaVu Sans Mono","Liberation Mono",monospace}
.bar{display:inline-block;height:12px;vertical-align:middle}
footer{margin-top:18px;padding-top:6px;border-top:1px solid #dfe3e8;color:#58616c;font-size:12px}
svg text{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif}
@media print{
  @page{size:A4;margin:11mm}
  body{background:#fff;font-size:10.5px}
  main,main.card,main.wide{max-width:none;margin:0;padding:0}
  h1{font-size:20px}h2{font-size:13.5px;margin:10px 0 4px;break-after:avoid}
  .noprint{display:none!important}
  a{color:inherit;text-decoration:none}
  .annex{break-before:page}
  tr,li,.keep{break-inside:avoid}
  pre.ev{font-size:9px}
  .small,.badge{font-size:9.5px}
  footer{font-size:9px}
}
)css";

}  // namespace

std::string PageStart(const std::string& title, Lang lang, const std::string& main_class) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out += LangCode(lang);
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      // Nothing on the page may be fetched from anywhere, even if some text slipped through.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      "<title>";
  out += Html(title);
  out += "</title>\n<style>";
  out += kCss;
  out += "</style>\n</head>\n<body>\n<main class=\"" + main_class + "\">\n";
  return out;
}

std::string PageEnd(const Publisher& publisher, DayNumber day, const std::string& model_version,
                    Lang lang, const std::string& script) {
  std::string out = "<footer>";
  out += Tr(lang, "Produit par posture ", "Produced by posture ");
  out += Html(publisher.version);
  out += Tr(lang, " au ", " as of ");
  out += FormatLongDate(day, lang);
  if (!model_version.empty()) {
    out += Tr(lang, " · modèle de notation ", " · scoring model ");
    out += Html(model_version);
  }
  out += Tr(lang,
            " · analyse externe et non intrusive de la configuration publique de la messagerie et "
            "des sites web.",
            " · an external, non-intrusive look at the public configuration of mail and websites.");
  out += "</footer>\n</main>\n";
  if (!script.empty()) out += "<script>\n" + script + "\n</script>\n";
  out += "</body>\n</html>\n";
  return out;
}

std::string GradeBadge(const std::string& grade) {
  bool known = grade == "A" || grade == "B" || grade == "C" || grade == "D" || grade == "E";
  return std::string("<span class=\"g g") + (known ? grade : "X") + "\">" +
         (known ? grade : std::string("–")) + "</span>";
}

std::string Link(const std::string& href, const std::string& text_html) {
  if (href.empty()) return text_html;
  return "<a href=\"" + Html(href) + "\">" + text_html + "</a>";
}

std::string ContractHtml(const Publisher& publisher, Lang lang) {
  std::string out = "<p>";
  out += Tr(
      lang,
      "Cette analyse est faite de l'extérieur, comme le ferait n'importe quel correspondant, et "
      "sans rien forcer : uniquement des requêtes DNS publiques ; la lecture (HTTP GET) de la page "
      "d'accueil, de <code>/.well-known/security.txt</code> et de la politique MTA-STS ; des "
      "poignées de main TLS sur le port 443 (et 25 après STARTTLS) ; sur les serveurs de "
      "messagerie, EHLO, STARTTLS puis QUIT. Aucun balayage de ports, aucune tentative de "
      "connexion, aucun test d'exploitation, aucun courrier envoyé. Nos requêtes se présentent "
      "sous le nom « posture » avec une adresse de contact.",
      "This analysis is made from the outside, as any correspondent would see it, and forces "
      "nothing: only public DNS queries; HTTP GET of the home page, of "
      "<code>/.well-known/security.txt</code> and of the MTA-STS policy; TLS handshakes on port "
      "443 (and 25 after STARTTLS); on mail servers, EHLO, STARTTLS then QUIT. No port scanning, "
      "no login attempt, no exploit probe, no mail sent. Our requests identify themselves as "
      "\"posture\" with a contact address.");
  out += "</p>\n<p>";
  out +=
      Tr(lang,
         "Une collectivité qui ne souhaite plus être analysée le fait savoir à l'équipe régionale",
         "A collectivity that no longer wishes to be analysed tells the regional team");
  if (!publisher.contact.empty()) {
    out += " (";
    const std::string& c = publisher.contact;
    if (c.rfind("https://", 0) == 0)
      out += "<a href=\"" + Html(c) + "\">" + Html(c) + "</a>";
    else if (c.find('@') != std::string::npos && c.find(' ') == std::string::npos)
      out += "<a href=\"mailto:" + Html(c) + "\">" + Html(c) + "</a>";
    else
      out += Html(c);
    out += ")";
  }
  out +=
      Tr(lang,
         " : dès l'enregistrement de sa demande, plus aucune requête ne lui est adressée et elle "
         "n'apparaît plus dans les classements ; ses résultats passés peuvent être effacés.",
         ": from the moment the request is recorded, no request at all is sent to it and it no "
         "longer appears in rankings; its past results can be erased.");
  out += "</p>\n";
  return out;
}

}  // namespace posture::reports
