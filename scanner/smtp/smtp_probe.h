// SMTP probe of one (MX host, IP): connect through the gate (one SMTP
// connection at a time per IP), read the banner, EHLO, STARTTLS if offered,
// the TLS handshake, then QUIT. Never MAIL FROM, RCPT TO or DATA. Lines,
// line counts and total bytes are capped; a tarpit or a 1 MB banner ends as
// timeout or too_large with what was read. Then, if STARTTLS worked and the
// options ask for it, the TLS facts of the endpoint (versions, weak cipher
// classes) through fresh STARTTLS sessions (tls_probe.h).
//
// Thread-safety: run on one worker's io_context.
#pragma once

#include <string>
#include <vector>

#include "checks/observations.h"
#include "scanner/engine/asio.h"
#include "scanner/engine/connector.h"
#include "scanner/engine/deadline.h"
#include "scanner/tls/tls_probe.h"

namespace posture {

struct SmtpProbeOptions {
  std::string ehlo_name = "posture.invalid";  // from the configuration
  Millis connect_timeout{10000};
  Millis line_timeout{15000};   // per reply (RFC 5321 §4.5.3.2 allows far more; we stay polite)
  size_t max_line_bytes = 2048;
  size_t max_lines = 100;
  size_t max_reply_bytes = 64 * 1024;
  TlsProbeOptions tls;
};

// A reply read from an SMTP server: code and lines (without CRLF).
struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;
};

// Incremental, bounded SMTP reply reader (pure; a fuzz target). Feed bytes;
// a reply is complete after a line "DDD " (or a bare "DDD").
class SmtpReplyReader {
 public:
  explicit SmtpReplyReader(size_t max_line_bytes = 2048, size_t max_lines = 100)
      : max_line_bytes_(max_line_bytes), max_lines_(max_lines) {}
  enum class State { kNeedMore, kComplete, kMalformed, kTooLarge };
  // Consumes bytes from `data`; returns how many were consumed (the rest
  // belongs to the next reply).
  size_t Feed(std::string_view data);
  State state() const { return state_; }
  const SmtpReply& reply() const { return reply_; }
  void Reset();

 private:
  size_t max_line_bytes_, max_lines_;
  std::string partial_;
  SmtpReply reply_;
  State state_ = State::kNeedMore;
};

Task<SmtpProbe> ProbeSmtp(Connector& connector, std::string mx_host, std::string ip,
                          SmtpProbeOptions options, Deadline deadline,
                          bool probe_tls_details = true);

}  // namespace posture
