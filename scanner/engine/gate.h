// The gate: the one place every connection passes before it is opened.
//   1. opt-out: a host name that belongs to an opted-out collectivity (its
//      domain or a subdomain) is refused, for DNS questions and connections;
//   2. politeness per IP: at most `per_ip` concurrent connections, at most
//      `smtp_per_ip` SMTP connections, and connection starts spaced by
//      1/per_ip_rate seconds;
//   3. then the caller connects (Connector) or hands the slot to curl.
// A granted slot is a GateTicket; destroying it frees the slot.
//
// Thread-safety: ConnectGate is shared by all workers; every method is
// thread-safe. A GateTicket may be destroyed on any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "scanner/engine/asio.h"
#include "scanner/engine/signal.h"

namespace posture {

enum class ConnKind { kWeb, kSmtp };

struct GateConfig {
  int per_ip = 2;            // concurrent connections per IP
  int smtp_per_ip = 1;       // concurrent SMTP connections per IP
  double per_ip_rate = 20;   // connection starts per second per IP (0 = unlimited)
};

// Domains of opted-out collectivities. A host is blocked when it equals one
// of them or is a subdomain of one.
class OptOutList {
 public:
  void Add(std::string_view domain);
  bool Blocks(std::string_view host) const;
  bool empty() const { return domains_.empty(); }
  size_t size() const { return domains_.size(); }

 private:
  std::set<std::string> domains_;
};

class ConnectGate;

class GateTicket {
 public:
  GateTicket() = default;
  GateTicket(ConnectGate* gate, std::string ip, ConnKind kind)
      : gate_(gate), ip_(std::move(ip)), kind_(kind) {}
  GateTicket(GateTicket&& o) noexcept : gate_(o.gate_), ip_(std::move(o.ip_)), kind_(o.kind_) {
    o.gate_ = nullptr;
  }
  GateTicket& operator=(GateTicket&& o) noexcept;
  GateTicket(const GateTicket&) = delete;
  GateTicket& operator=(const GateTicket&) = delete;
  ~GateTicket() { Release(); }
  void Release();
  bool valid() const { return gate_ != nullptr; }

 private:
  ConnectGate* gate_ = nullptr;
  std::string ip_;
  ConnKind kind_ = ConnKind::kWeb;
};

struct GateStats {
  int64_t granted = 0;            // connection slots granted
  int64_t refused_opt_out = 0;    // hosts refused because opted out
  int max_concurrent_per_ip = 0;  // highest concurrency seen on any IP
};

class ConnectGate {
 public:
  ConnectGate(GateConfig config, OptOutList opt_outs);

  // True (and counted) when `host` belongs to an opted-out collectivity.
  bool Refuses(std::string_view host);
  // Waits for a slot to `ip` (and for the rate limit). Must be awaited on a
  // worker's io_context.
  Task<GateTicket> Acquire(std::string ip, ConnKind kind);

  GateStats stats() const;
  const GateConfig& config() const { return config_; }

 private:
  friend class GateTicket;
  struct Waiter {
    ConnKind kind;
    std::shared_ptr<Signal> signal;
    Clock::time_point* start;  // filled by the releaser when granted
  };
  struct IpState {
    int active = 0;
    int smtp_active = 0;
    Clock::time_point next_start{};
    std::deque<Waiter> waiters;
  };
  bool CanGrant(const IpState& st, ConnKind kind) const;
  // Marks a slot as taken; returns when the connection may start.
  Clock::time_point Grant(IpState& st, ConnKind kind);
  void Release(const std::string& ip, ConnKind kind);

  const GateConfig config_;
  const OptOutList opt_outs_;
  mutable std::mutex mu_;
  std::map<std::string, IpState> ips_;
  GateStats stats_;
};

}  // namespace posture
