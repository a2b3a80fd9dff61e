// SMTP TLS Reporting (RFC 8460 §3): the `_smtp._tls` TXT record
// "v=TLSRPTv1; rua=mailto:...,https://...".
//
// Thread-safety: pure functions, plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace posture {

struct TlsRptRecord {
  bool ok = false;
  std::string error;
  std::vector<std::string> rua;      // valid mailto: / https: URIs
  std::vector<std::string> invalid;  // other URIs
};

bool IsTlsRptRecordText(std::string_view text);  // starts with "v=TLSRPTv1"
TlsRptRecord ParseTlsRptRecord(std::string_view text);

}  // namespace posture
