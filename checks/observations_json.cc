#include "checks/observations_json.h"

#include <nlohmann/json.hpp>

namespace posture {

// Enums travel as their stable names.
void to_json(nlohmann::json& j, ProbeStatus s) { j = ProbeStatusName(s); }
void from_json(const nlohmann::json& j, ProbeStatus& s) {
  auto parsed = ParseProbeStatus(j.get<std::string>());
  s = parsed ? *parsed : ProbeStatus::kError;
}
void to_json(nlohmann::json& j, Tri t) { j = TriName(t); }
void from_json(const nlohmann::json& j, Tri& t) {
  std::string s = j.get<std::string>();
  t = s == "yes" ? Tri::kYes : s == "no" ? Tri::kNo : Tri::kUnknown;
}

// Missing fields read as their defaults, so older formats still load.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DnsRecord, type, ttl, owner, data, strings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DnsResult, name, type, status, rcode,
                                                authenticated, signed_answer, truncated,
                                                cname_chain, records, elapsed_ms, error)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpHeader, name, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpHop, url, ip, port, status, error, status_code,
                                                http_version, headers, headers_complete, location,
                                                tls_verify_result, elapsed_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpFetch, purpose, start_url, status, error,
                                                hops, final_url, body, body_truncated,
                                                body_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CertInfo, subject, issuer, serial_hex,
                                                not_before, not_after, dns_names, ip_names,
                                                common_name, key_type, key_bits, curve,
                                                signature_algorithm, self_issued, sha256,
                                                spki_sha256, spki_sha512, cert_sha512)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsVersionResult, version, accepted, status,
                                                cipher, detail)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CipherClassResult, cipher_class, accepted,
                                                cipher, protocol)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TlsEndpoint, ip, port, sni, context, status,
                                                error, negotiated_version, negotiated_cipher,
                                                negotiated_group, versions, cipher_classes,
                                                chain, chain_verified, verify_code,
                                                verify_error, hostname_matches, elapsed_ms)

void to_json(nlohmann::json& j, const SmtpProbe& s) {
  j = nlohmann::json{{"mx_host", s.mx_host},
                     {"ip", s.ip},
                     {"port", s.port},
                     {"status", s.status},
                     {"error", s.error},
                     {"banner", s.banner},
                     {"ehlo", s.ehlo},
                     {"starttls_offered", s.starttls_offered},
                     {"starttls_reply", s.starttls_reply},
                     {"tls_status", s.tls_status},
                     {"elapsed_ms", s.elapsed_ms}};
  if (s.tls) j["tls"] = *s.tls;
}

void from_json(const nlohmann::json& j, SmtpProbe& s) {
  SmtpProbe d;
  s.mx_host = j.value("mx_host", d.mx_host);
  s.ip = j.value("ip", d.ip);
  s.port = j.value("port", d.port);
  s.status = j.value("status", d.status);
  s.error = j.value("error", d.error);
  s.banner = j.value("banner", d.banner);
  s.ehlo = j.value("ehlo", d.ehlo);
  s.starttls_offered = j.value("starttls_offered", d.starttls_offered);
  s.starttls_reply = j.value("starttls_reply", d.starttls_reply);
  s.tls_status = j.value("tls_status", d.tls_status);
  s.elapsed_ms = j.value("elapsed_ms", d.elapsed_ms);
  if (j.contains("tls") && j["tls"].is_object())
    s.tls = j["tls"].get<TlsEndpoint>();
  else
    s.tls.reset();
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TargetObservations, target_key, started_at,
                                                finished_at, web_domains, web_hosts,
                                                mail_domains, email, deadline_reached, notes,
                                                dns, http, tls, smtp)

nlohmann::json ToJson(const DnsResult& r) { return r; }
nlohmann::json ToJson(const HttpFetch& f) { return f; }
nlohmann::json ToJson(const TlsEndpoint& t) { return t; }
nlohmann::json ToJson(const SmtpProbe& s) { return s; }
nlohmann::json ToJson(const TargetObservations& obs) { return obs; }

std::string SerializeObservations(const TargetObservations& obs) {
  nlohmann::json j = obs;
  j["format"] = kObservationsFormat;
  // JSON holds UTF-8 only: bytes that are not valid UTF-8 become U+FFFD.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<TargetObservations> ParseObservations(const std::string& json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument("observations: not a JSON object");
  int format = j.value("format", 1);
  if (format > kObservationsFormat)
    return FailedPrecondition("observations written by a newer posture (format " +
                              std::to_string(format) + ")");
  try {
    return j.get<TargetObservations>();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("observations: ") + e.what());
  }
}

}  // namespace posture
