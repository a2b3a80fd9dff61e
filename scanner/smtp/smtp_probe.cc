#include "scanner/smtp/smtp_probe.h"

#include <array>

#include "checks/base/strings.h"
#include "scanner/engine/timeout.h"
#include "scanner/tls/tls_client.h"

namespace posture {

// ---------------------------------------------------------------------------
// SmtpReplyReader

void SmtpReplyReader::Reset() {
  partial_.clear();
  reply_ = SmtpReply{};
  state_ = State::kNeedMore;
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

size_t SmtpReplyReader::Feed(std::string_view data) {
  if (state_ != State::kNeedMore) return 0;
  size_t used = 0;
  while (used < data.size()) {
    size_t nl = data.find('\n', used);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    // A line may hold max_line_bytes_ plus the CR of its CRLF, which is still
    // in partial_; one byte more, or a last byte that is not CR, is too long.
    size_t len = partial_.size() + (end - used);
    char last_byte = end > used ? data[end - 1] : (partial_.empty() ? '\0' : partial_.back());
    if (len > max_line_bytes_ + 1 || (len == max_line_bytes_ + 1 && last_byte != '\r')) {
      state_ = State::kTooLarge;
      partial_.clear();
      return end;
    }
    partial_.append(data.substr(used, end - used));
    if (nl == std::string_view::npos) return data.size();
    used = nl + 1;
    std::string line = std::move(partial_);
    partial_.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > max_line_bytes_) {
      state_ = State::kTooLarge;
      return used;
    }
    if (reply_.lines.size() >= max_lines_) {
      state_ = State::kTooLarge;
      return used;
    }
    bool well_formed = line.size() >= 3 && IsDigit(line[0]) && IsDigit(line[1]) &&
                       IsDigit(line[2]) &&
                       (line.size() == 3 || line[3] == ' ' || line[3] == '-');
    int code = well_formed ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0') : 0;
    bool first = reply_.lines.empty();
    reply_.lines.push_back(std::move(line));
    if (!well_formed || (!first && code != reply_.code)) {
      state_ = State::kMalformed;
      return used;
    }
    reply_.code = code;
    const std::string& last = reply_.lines.back();
    if (last.size() == 3 || last[3] == ' ') {
      state_ = State::kComplete;
      return used;
    }
  }
  return used;
}

// ---------------------------------------------------------------------------
// The conversation

namespace {

struct ReplyResult {
  ProbeStatus status = ProbeStatus::kOk;
  std::string error;
  SmtpReply reply;
  bool ok() const { return status == ProbeStatus::kOk; }
};

// The clear-text part of one SMTP connection: bounded reads of replies,
// timed writes of commands.
class SmtpChannel {
 public:
  SmtpChannel(asio::ip::tcp::socket& socket, const SmtpProbeOptions& options, Deadline deadline)
      : socket_(socket), options_(options), deadline_(deadline) {}

  Task<ReplyResult> ReadReply(Millis timeout) {
    ReplyResult out;
    SmtpReplyReader reader(options_.max_line_bytes, options_.max_lines);
    const Millis budget = deadline_.Clamp(timeout);
    TimeoutGuard guard(socket_.get_executor(), budget, [this] {
      error_code ignored;
      socket_.cancel(ignored);
    });
    std::array<char, 4096> buf;
    for (;;) {
      size_t used = reader.Feed(buffer_);
      buffer_.erase(0, used);
      out.reply = reader.reply();
      switch (reader.state()) {
        case SmtpReplyReader::State::kComplete:
          co_return out;
        case SmtpReplyReader::State::kMalformed:
          out.status = ProbeStatus::kProtocolError;
          out.error = "malformed reply line";
          co_return out;
        case SmtpReplyReader::State::kTooLarge:
          out.status = ProbeStatus::kTooLarge;
          out.error = "reply line longer than " + std::to_string(options_.max_line_bytes) +
                      " bytes or more than " + std::to_string(options_.max_lines) + " lines";
          co_return out;
        case SmtpReplyReader::State::kNeedMore:
          break;
      }
      if (total_read_ >= options_.max_reply_bytes) {
        out.status = ProbeStatus::kTooLarge;
        out.error = "more than " + std::to_string(options_.max_reply_bytes) + " bytes received";
        co_return out;
      }
      size_t want = std::min(buf.size(), options_.max_reply_bytes - total_read_);
      error_code ec;
      size_t n = co_await socket_.async_read_some(asio::buffer(buf.data(), want),
                                                  asio::redirect_error(asio::use_awaitable, ec));
      total_read_ += n;
      buffer_.append(buf.data(), n);
      if (guard.fired()) {
        out.status = ProbeStatus::kTimeout;
        out.error = "no complete reply within " + std::to_string(budget.count()) + " ms";
        if (budget < timeout) out.error += " (the target's deadline)";
        co_return out;
      }
      if (ec == asio::error::eof) {
        out.status = ProbeStatus::kProtocolError;
        out.error = "connection closed by the server";
        co_return out;
      }
      if (ec) {
        out.status = StatusFromError(ec);
        out.error = ec.message();
        co_return out;
      }
    }
  }

  // Sends `command` and CRLF.
  Task<ReplyResult> Send(const std::string& command) {
    ReplyResult out;
    std::string line = command + "\r\n";
    TimeoutGuard guard(socket_.get_executor(), deadline_.Clamp(options_.line_timeout), [this] {
      error_code ignored;
      socket_.cancel(ignored);
    });
    error_code ec;
    size_t off = 0;
    while (off < line.size() && !ec) {
      off += co_await socket_.async_write_some(asio::buffer(line.data() + off, line.size() - off),
                                               asio::redirect_error(asio::use_awaitable, ec));
    }
    if (guard.fired()) {
      out.status = ProbeStatus::kTimeout;
      out.error = "sending " + command + " timed out";
    } else if (ec) {
      out.status = StatusFromError(ec);
      out.error = "sending " + command + ": " + ec.message();
    }
    co_return out;
  }

  Task<ReplyResult> Command(const std::string& command) {
    ReplyResult sent = co_await Send(command);
    if (!sent.ok()) co_return sent;
    co_return co_await ReadReply(options_.line_timeout);
  }

  // Best-effort QUIT: a short wait for the 221.
  Task<void> Quit() {
    ReplyResult sent = co_await Send("QUIT");
    if (sent.ok()) co_await ReadReply(std::min(options_.line_timeout, Millis(2000)));
  }

  // Bytes received beyond the last reply (dropped before TLS, RFC 3207).
  void DiscardPending() { buffer_.clear(); }

 private:
  asio::ip::tcp::socket& socket_;
  const SmtpProbeOptions& options_;
  Deadline deadline_;
  std::string buffer_;
  size_t total_read_ = 0;
};

std::vector<std::string> CleanLines(const SmtpReply& reply, size_t max_bytes) {
  std::vector<std::string> out;
  out.reserve(reply.lines.size());
  for (const std::string& line : reply.lines) out.push_back(SanitizeForDisplay(line, max_bytes));
  return out;
}

// EHLO argument: a domain or address literal; anything else is dropped so
// the configuration cannot inject a command.
std::string SafeEhloName(const std::string& name) {
  std::string out;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == '[' || c == ']' || c == ':';
    if (ok) out.push_back(c);
  }
  return out.empty() ? "posture.invalid" : out.substr(0, 255);
}

bool OffersStartTls(const SmtpReply& ehlo) {
  // The first line greets; the keywords follow ("250-STARTTLS", "250 STARTTLS").
  for (size_t i = 1; i < ehlo.lines.size(); ++i) {
    const std::string& line = ehlo.lines[i];
    if (line.size() < 4) continue;
    std::string_view keyword = TrimWhitespace(std::string_view(line).substr(4));
    if (EqualsIgnoreCase(keyword, "STARTTLS")) return true;
  }
  return false;
}

Deadline ConversationDeadline(const SmtpProbeOptions& options, Deadline deadline) {
  return Deadline(std::min(deadline.at(), Clock::now() + options.conversation_timeout));
}

std::string FirstLine(const SmtpReply& reply) {
  return reply.lines.empty() ? std::string() : SanitizeForDisplay(reply.lines[0], 512);
}

// A fresh connection brought to the point where TLS starts: banner, EHLO,
// STARTTLS, 220. For ProbeTlsDetails on an MX.
Task<OpenedStream> OpenSmtpStarttls(Connector* connector, std::string mx_host, std::string ip,
                                    SmtpProbeOptions options, Deadline deadline) {
  OpenedStream out;
  Deadline conv = ConversationDeadline(options, deadline);
  ConnectResult c = co_await connector->Connect(mx_host, ip, options.port, ConnKind::kSmtp,
                                                options.connect_timeout, conv);
  if (c.status != ProbeStatus::kOk || !c.connection) {
    out.status = c.status == ProbeStatus::kOk ? ProbeStatus::kError : c.status;
    out.error = c.error;
    co_return out;
  }
  std::string error;
  ProbeStatus status = ProbeStatus::kOk;
  {
    SmtpChannel channel(c.connection->socket, options, conv);
    ReplyResult banner = co_await channel.ReadReply(options.line_timeout);
    if (!banner.ok()) {
      status = banner.status;
      error = "banner: " + banner.error;
    } else if (banner.reply.code != 220) {
      status = ProbeStatus::kRefused;
      error = "banner: " + FirstLine(banner.reply);
    }
    if (status == ProbeStatus::kOk) {
      ReplyResult ehlo = co_await channel.Command("EHLO " + SafeEhloName(options.ehlo_name));
      if (!ehlo.ok()) {
        status = ehlo.status;
        error = "EHLO: " + ehlo.error;
      } else if (ehlo.reply.code != 250 || !OffersStartTls(ehlo.reply)) {
        status = ProbeStatus::kProtocolError;
        error = "STARTTLS no longer offered";
      }
    }
    if (status == ProbeStatus::kOk) {
      ReplyResult starttls = co_await channel.Command("STARTTLS");
      if (!starttls.ok()) {
        status = starttls.status;
        error = "STARTTLS: " + starttls.error;
      } else if (starttls.reply.code != 220) {
        status = ProbeStatus::kRefused;
        error = "STARTTLS: " + FirstLine(starttls.reply);
      }
    }
  }
  out.status = status;
  out.error = std::move(error);
  if (status == ProbeStatus::kOk) out.connection = std::move(c.connection);
  co_return out;
}

}  // namespace

Task<SmtpProbe> ProbeSmtp(Connector& connector, std::string mx_host, std::string ip,
                          SmtpProbeOptions options, Deadline deadline, bool probe_tls_details) {
  auto start = Clock::now();
  SmtpProbe out;
  out.mx_host = mx_host;
  out.ip = ip;
  out.port = options.port;
  Deadline conv = ConversationDeadline(options, deadline);
  bool tls_up = false;
  {
    ConnectResult c = co_await connector.Connect(mx_host, ip, options.port, ConnKind::kSmtp,
                                                 options.connect_timeout, conv);
    if (c.status != ProbeStatus::kOk || !c.connection) {
      out.status = c.status == ProbeStatus::kOk ? ProbeStatus::kError : c.status;
      out.error = c.error;
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }
    asio::ip::tcp::socket& socket = c.connection->socket;
    SmtpChannel channel(socket, options, conv);

    ReplyResult banner = co_await channel.ReadReply(options.line_timeout);
    out.banner = CleanLines(banner.reply, options.max_line_bytes);
    if (!banner.ok()) {
      out.status = banner.status;
      out.error = "banner: " + banner.error;
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }
    if (banner.reply.code != 220) {
      int cls = banner.reply.code / 100;
      out.status = (cls == 4 || cls == 5) ? ProbeStatus::kRefused : ProbeStatus::kProtocolError;
      out.error = "banner: " + FirstLine(banner.reply);
      if (out.status == ProbeStatus::kRefused) co_await channel.Quit();  // RFC 5321 §3.1
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }

    ReplyResult ehlo = co_await channel.Command("EHLO " + SafeEhloName(options.ehlo_name));
    out.ehlo = CleanLines(ehlo.reply, options.max_line_bytes);
    if (!ehlo.ok()) {
      out.status = ehlo.status;
      out.error = "EHLO: " + ehlo.error;
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }
    out.status = ProbeStatus::kOk;
    out.starttls_offered = ehlo.reply.code == 250 && OffersStartTls(ehlo.reply);
    if (!out.starttls_offered) {
      co_await channel.Quit();
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }

    ReplyResult starttls = co_await channel.Command("STARTTLS");
    out.starttls_reply = SanitizeForDisplay(Join(starttls.reply.lines, "\n"), 4096);
    if (!starttls.ok()) {
      out.status = starttls.status;
      out.error = "STARTTLS: " + starttls.error;
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }
    if (starttls.reply.code != 220) {
      out.tls_status = ProbeStatus::kRefused;
      out.error = "STARTTLS refused: " + FirstLine(starttls.reply);
      co_await channel.Quit();
      out.elapsed_ms = MillisSince(start);
      co_return out;
    }
    channel.DiscardPending();

    out.tls.emplace();
    TlsEndpoint& endpoint = *out.tls;
    endpoint.ip = ip;
    endpoint.port = options.port;
    endpoint.sni = mx_host;
    endpoint.context = "smtp-starttls";
    std::unique_ptr<tls::TlsClient> session =
        co_await HandshakeAndInspectSession(socket, mx_host, options.tls, conv, endpoint);
    out.tls_status = endpoint.status;
    if (session) {
      tls_up = true;
      Millis t = std::min(options.line_timeout, Millis(2000));
      tls::TlsIoResult sent = co_await session->Write("QUIT\r\n", conv.Clamp(t));
      if (sent.ok()) {
        std::string reply;
        co_await session->Read(reply, 512, conv.Clamp(t));  // the 221, best effort
      }
      co_await session->Shutdown(conv.Clamp(Millis(1000)));
    }
  }  // connection closed: the gate's SMTP slot for this IP is free again

  if (probe_tls_details && tls_up) {
    Connector* c = &connector;
    StreamOpener opener = [c, mx_host, ip, options, deadline]() {
      return OpenSmtpStarttls(c, mx_host, ip, options, deadline);
    };
    co_await ProbeTlsDetails(opener, options.tls, deadline, *out.tls);
  }
  if (out.tls_status == ProbeStatus::kTlsError && !deadline.expired()) {
    // A failed handshake, or an MX going away during it? A new connection
    // tells: if it cannot be made, the MX stopped answering (not judged).
    OpenedStream again = co_await OpenSmtpStarttls(&connector, mx_host, ip, options, deadline);
    if (again.status == ProbeStatus::kRefused || again.status == ProbeStatus::kTimeout ||
        again.status == ProbeStatus::kUnreachable) {
      out.error = "the STARTTLS handshake failed (" + out.tls->error +
                  "), then the MX stopped accepting connections (" + ProbeStatusName(again.status) +
                  ")";
      out.tls_status = again.status;
      out.tls->status = again.status;
    }
  }
  out.elapsed_ms = MillisSince(start);
  co_return out;
}

}  // namespace posture
