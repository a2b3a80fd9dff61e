#include "checks/web/software_versions.h"

#include "checks/base/strings.h"
#include "checks/parse/html_scan.h"

namespace posture::web {

DisclosedSoftware FindDisclosedSoftware(const TargetObservations& obs, const std::string& host) {
  DisclosedSoftware d;
  FinalPage page = FinalHttpsPage(obs, host);
  const std::string* body = nullptr;
  if (page.hop != nullptr) {
    d.hop = page.hop;
    body = &page.fetch->body;
  } else {
    const HttpFetch* f = obs.FindHttp("http", host);
    if (f != nullptr && !f->hops.empty() && f->hops.back().status_code > 0 &&
        f->hops.back().headers_complete && !IsRedirect(f->hops.back())) {
      d.hop = &f->hops.back();
      body = &f->body;
    }
  }
  if (d.hop == nullptr) {
    d.why = page.why;
    return d;
  }
  const std::vector<HttpHeader>& headers = d.hop->headers;
  std::vector<std::string> lines;
  for (const char* name : {"server", "x-powered-by"}) {
    for (const std::string& v : HeaderValues(headers, name)) {
      for (ProductVersion& pv : ParseProductTokens(v, name == std::string("server") ? "Server" : "X-Powered-By"))
        d.products.push_back(std::move(pv));
    }
    std::string l = HeaderLines(headers, name, 300);
    if (!l.empty()) lines.push_back(l);
  }
  for (const char* name : {"x-aspnet-version", "x-aspnetmvc-version"}) {
    for (const std::string& v : HeaderValues(headers, name)) {
      ProductVersion pv;
      pv.product = name == std::string("x-aspnet-version") ? "ASP.NET" : "ASP.NET MVC";
      pv.canonical = name == std::string("x-aspnet-version") ? "aspnet" : "aspnet-mvc";
      pv.version = std::string(TrimWhitespace(v).substr(0, 64));
      pv.source = name;
      d.products.push_back(std::move(pv));
    }
    std::string l = HeaderLines(headers, name, 200);
    if (!l.empty()) lines.push_back(l);
  }
  for (const std::string& v : HeaderValues(headers, "x-generator")) {
    ProductVersion pv = ParseGenerator(v, "X-Generator");
    if (!pv.product.empty()) d.products.push_back(std::move(pv));
  }
  std::string xg = HeaderLines(headers, "x-generator", 200);
  if (!xg.empty()) lines.push_back(xg);
  if (body != nullptr && !body->empty() && LooksLikeHtml(*d.hop)) {
    for (const std::string& g : ScanHtml(*body).generators) {
      ProductVersion pv = ParseGenerator(g, "generator meta");
      if (!pv.product.empty()) d.products.push_back(std::move(pv));
      lines.push_back("<meta name=\"generator\" content=\"" + SanitizeForDisplay(g, 200) + "\">");
    }
  }
  d.evidence = Evidence(Join(lines, "\n"), 1536);
  return d;
}

}  // namespace posture::web
