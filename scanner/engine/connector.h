// Connector: opens TCP connections through the gate. Every TCP connection
// posture opens itself (TLS probes, SMTP) goes through Connect(); curl's
// connections take a GateTicket from the same gate before they start.
//
// Thread-safety: one Connector per worker (it uses that worker's executor);
// the ConnectGate behind it is shared.
#pragma once

#include <optional>
#include <string>

#include "checks/observations.h"
#include "scanner/engine/asio.h"
#include "scanner/engine/deadline.h"
#include "scanner/engine/gate.h"

namespace posture {

struct Connection {
  // Declared first so that it is destroyed last: the socket is closed before
  // the per-IP slot is freed, never the other way round.
  GateTicket ticket;  // holds the per-IP slot while the connection lives
  asio::ip::tcp::socket socket;
};

struct ConnectResult {
  ProbeStatus status = ProbeStatus::kError;
  std::string error;
  std::optional<Connection> connection;  // set when status == kOk
  double elapsed_ms = 0;
};

class Connector {
 public:
  explicit Connector(ConnectGate& gate) : gate_(gate) {}

  // `host` is the name the connection is for (opt-out is checked on it);
  // `ip` a literal IPv4 or IPv6 address.
  Task<ConnectResult> Connect(std::string host, std::string ip, uint16_t port, ConnKind kind,
                              Millis timeout, Deadline deadline);

  ConnectGate& gate() { return gate_; }

 private:
  ConnectGate& gate_;
};

// Maps a socket error to a probe status (refused, unreachable, timeout...).
ProbeStatus StatusFromError(const error_code& ec);

double MillisSince(Clock::time_point start);

}  // namespace posture
