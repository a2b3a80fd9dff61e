#include "scanner/engine/connector.h"

#include "scanner/engine/timeout.h"

namespace posture {

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

ProbeStatus StatusFromError(const error_code& ec) {
  namespace err = asio::error;
  if (ec == err::operation_aborted || ec == err::timed_out) return ProbeStatus::kTimeout;
  if (ec == err::connection_refused) return ProbeStatus::kRefused;
  if (ec == err::connection_reset || ec == err::eof || ec == err::broken_pipe)
    return ProbeStatus::kProtocolError;
  if (ec == err::network_unreachable || ec == err::host_unreachable || ec == err::network_down ||
      ec == err::address_family_not_supported)
    return ProbeStatus::kUnreachable;
  return ProbeStatus::kError;
}

Task<ConnectResult> Connector::Connect(std::string host, std::string ip, uint16_t port,
                                       ConnKind kind, Millis timeout, Deadline deadline) {
  ConnectResult result;
  auto start = Clock::now();
  if (gate_.Refuses(host)) {
    result.status = ProbeStatus::kOptedOut;
    result.error = host + " belongs to an opted-out collectivity";
    co_return result;
  }
  error_code ec;
  auto address = asio::ip::make_address(ip, ec);
  if (ec) {
    result.status = ProbeStatus::kError;
    result.error = "not an IP address: " + ip;
    co_return result;
  }
  if (deadline.expired()) {
    result.status = ProbeStatus::kSkipped;
    result.error = "target deadline reached";
    co_return result;
  }
  GateTicket ticket = co_await gate_.Acquire(ip, kind);
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::socket socket(executor);
  bool timed_out = false;
  {
    TimeoutGuard guard(executor, deadline.Clamp(timeout), [&socket] {
      error_code ignored;
      socket.close(ignored);
    });
    co_await socket.async_connect(asio::ip::tcp::endpoint(address, port),
                                  asio::redirect_error(asio::use_awaitable, ec));
    timed_out = guard.fired();
  }
  result.elapsed_ms = MillisSince(start);
  if (timed_out) {
    result.status = ProbeStatus::kTimeout;
    result.error = "connect timed out";
    co_return result;
  }
  if (ec) {
    result.status = StatusFromError(ec);
    result.error = ec.message();
    co_return result;
  }
  asio::ip::tcp::no_delay nodelay(true);
  socket.set_option(nodelay, ec);
  result.status = ProbeStatus::kOk;
  result.connection.emplace(Connection{std::move(ticket), std::move(socket)});
  co_return result;
}

}  // namespace posture
