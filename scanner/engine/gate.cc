#include "scanner/engine/gate.h"

#include <algorithm>

#include "checks/base/strings.h"

namespace posture {

void OptOutList::Add(std::string_view domain) {
  std::string d = CanonicalDnsName(domain);
  if (!d.empty()) domains_.insert(d);
}

bool OptOutList::Blocks(std::string_view host) const {
  if (domains_.empty()) return false;
  std::string h = CanonicalDnsName(host);
  // Check h and each parent domain of h.
  std::string_view rest = h;
  while (!rest.empty()) {
    if (domains_.count(std::string(rest))) return true;
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return false;
}

GateTicket& GateTicket::operator=(GateTicket&& o) noexcept {
  if (this != &o) {
    Release();
    gate_ = o.gate_;
    ip_ = std::move(o.ip_);
    kind_ = o.kind_;
    o.gate_ = nullptr;
  }
  return *this;
}

void GateTicket::Release() {
  if (gate_) {
    gate_->Release(ip_, kind_);
    gate_ = nullptr;
  }
}

ConnectGate::ConnectGate(GateConfig config, OptOutList opt_outs)
    : config_(config), opt_outs_(std::move(opt_outs)) {}

bool ConnectGate::Refuses(std::string_view host) {
  if (!opt_outs_.Blocks(host)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.refused_opt_out;
  return true;
}

bool ConnectGate::CanGrant(const IpState& st, ConnKind kind) const {
  if (st.active >= std::max(1, config_.per_ip)) return false;
  if (kind == ConnKind::kSmtp && st.smtp_active >= std::max(1, config_.smtp_per_ip)) return false;
  return true;
}

Clock::time_point ConnectGate::Grant(IpState& st, ConnKind kind) {
  ++st.active;
  if (kind == ConnKind::kSmtp) ++st.smtp_active;
  ++stats_.granted;
  stats_.max_concurrent_per_ip = std::max(stats_.max_concurrent_per_ip, st.active);
  Clock::time_point now = Clock::now();
  Clock::time_point start = std::max(now, st.next_start);
  if (config_.per_ip_rate > 0) {
    auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / config_.per_ip_rate));
    st.next_start = start + interval;
  }
  return start;
}

Task<GateTicket> ConnectGate::Acquire(std::string ip, ConnKind kind) {
  Clock::time_point start;
  std::shared_ptr<Signal> signal;
  {
    std::lock_guard<std::mutex> lock(mu_);
    IpState& st = ips_[ip];
    if (st.waiters.empty() && CanGrant(st, kind)) {
      start = Grant(st, kind);
    } else {
      signal = std::make_shared<Signal>(co_await asio::this_coro::executor);
      st.waiters.push_back(Waiter{kind, signal, &start});
    }
  }
  if (signal) co_await signal->Wait();  // the releaser granted us a slot and set `start`
  GateTicket ticket(this, ip, kind);
  if (start > Clock::now()) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_at(start);
    error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return ticket;
}

void ConnectGate::Release(const std::string& ip, ConnKind kind) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = ips_.find(ip);
  if (it == ips_.end()) return;
  IpState& st = it->second;
  --st.active;
  if (kind == ConnKind::kSmtp) --st.smtp_active;
  // Hand freed slots to waiters in order, skipping SMTP waiters that must
  // wait for the SMTP slot.
  for (auto w = st.waiters.begin(); w != st.waiters.end();) {
    if (!CanGrant(st, w->kind)) {
      if (st.active >= std::max(1, config_.per_ip)) break;
      ++w;
      continue;
    }
    *w->start = Grant(st, w->kind);
    w->signal->Notify();
    w = st.waiters.erase(w);
  }
  if (st.active == 0 && st.waiters.empty() && st.next_start <= Clock::now()) ips_.erase(it);
}

GateStats ConnectGate::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace posture
