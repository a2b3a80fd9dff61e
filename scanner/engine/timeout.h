// TimeoutGuard: bounds one asynchronous operation. It arms a timer; if the
// timer fires before the guard is destroyed (or disarmed), it calls
// `on_timeout` (typically `socket.cancel()` or `socket.close()`), which makes
// the pending operation complete with operation_aborted.
//
//   TimeoutGuard guard(executor, Millis(5000), [&] { socket.close(ec); });
//   co_await socket.async_read_some(..., redirect_error(use_awaitable, ec));
//   if (guard.fired()) -> timeout
//
// Declare the guard after the I/O object it cancels, so it is destroyed
// first. The timer's handler never touches the I/O object after the guard is
// gone, even if it was already queued.
//
// Thread-safety: use on one worker's executor.
#pragma once

#include <functional>
#include <memory>

#include "scanner/engine/asio.h"

namespace posture {

class TimeoutGuard {
 public:
  TimeoutGuard(asio::any_io_executor executor, Millis timeout, std::function<void()> on_timeout);
  ~TimeoutGuard() { Disarm(); }
  TimeoutGuard(const TimeoutGuard&) = delete;
  TimeoutGuard& operator=(const TimeoutGuard&) = delete;

  bool fired() const { return state_->fired; }
  void Disarm();

 private:
  struct State {
    bool disarmed = false;
    bool fired = false;
    std::function<void()> on_timeout;
  };
  std::shared_ptr<State> state_;
  asio::steady_timer timer_;
};

}  // namespace posture
