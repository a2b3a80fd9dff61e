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
  uint16_t port = 25;                         // tests use an ephemeral port
  Millis connect_timeout{10000};
  Millis line_timeout{15000};   // per reply (RFC 5321 §4.5.3.2 allows far more; we stay polite)
  size_t max_line_bytes = 2048;
  size_t max_lines = 100;
  size_t max_reply_bytes = 64 * 1024;   // all bytes read on one connection
  Millis conversation_timeout{60000};   // one whole connection, clamped to the deadline
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
  // belongs to the next reply). Lines end with LF (CRLF or bare LF; the CR is
  // dropped). A line is "DDD", "DDD text" or "DDD-text"; anything else, or a
  // code that differs from the first line's, is kMalformed (the offending
  // line is kept). A line longer than max_line_bytes or more than max_lines
  // lines is kTooLarge. Once not kNeedMore, consumes nothing until Reset().
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

// The conversation: connect (ConnKind::kSmtp) → 220 banner → EHLO → if the
// EHLO reply lists STARTTLS: STARTTLS → 220 → TLS handshake (sni = mx_host,
// result in `tls`) → QUIT over TLS (no second EHLO: nothing after it would
// be recorded, and QUIT is valid in any state) → close_notify. Without
// STARTTLS (or when it is refused with 4xx/5xx): QUIT. A 4xx/5xx banner ends
// the conversation with status refused (banner kept) after a QUIT. Bytes
// the server sent after its 220 to STARTTLS are discarded (RFC 3207 §4.2).
// Never MAIL FROM, RCPT TO or DATA.
//
// status is the SMTP conversation's (ok once EHLO was answered, even with
// 5xx); tls_status the handshake's (skipped when not attempted, refused when
// STARTTLS was answered with 4xx/5xx). Each reply is bounded by line_timeout
// (clamped), the connection by conversation_timeout, the bytes read by
// max_reply_bytes; a failure keeps the lines read so far.
//
// With probe_tls_details and a successful handshake, the connection is
// closed and ProbeTlsDetails runs with a StreamOpener that replays
// banner/EHLO/STARTTLS on fresh connections (sequential: the gate allows one
// SMTP connection per IP), so the STARTTLS session above counts as the
// default handshake.
Task<SmtpProbe> ProbeSmtp(Connector& connector, std::string mx_host, std::string ip,
                          SmtpProbeOptions options, Deadline deadline,
                          bool probe_tls_details = true);

}  // namespace posture
