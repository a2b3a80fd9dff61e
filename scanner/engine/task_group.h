// TaskGroup: fan-out within one worker. Spawn() starts child coroutines on the
// worker's executor; Wait() returns when all of them have finished. Used by a
// target's flow to ask DNS questions, fetch pages and probe endpoints side by
// side (Boost 1.74 has no parallel_group).
//
// A child that throws does not stop the others; Wait() rethrows the first
// exception after all have finished. The group must be waited before it is
// destroyed.
//
// Thread-safety: single worker; Spawn and Wait from coroutines on `executor`.
#pragma once

#include <exception>

#include "scanner/engine/asio.h"

namespace posture {

class TaskGroup {
 public:
  explicit TaskGroup(asio::any_io_executor executor) : executor_(executor), timer_(executor) {}
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  void Spawn(Task<void> task) {
    ++pending_;
    asio::co_spawn(executor_, std::move(task), [this](std::exception_ptr e) {
      if (e && !error_) error_ = e;
      if (--pending_ == 0) timer_.cancel();
    });
  }

  Task<void> Wait() {
    while (pending_ > 0) {
      timer_.expires_at(Clock::time_point::max());
      error_code ec;
      co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

  int pending() const { return pending_; }

 private:
  asio::any_io_executor executor_;
  asio::steady_timer timer_;
  int pending_ = 0;
  std::exception_ptr error_;
};

}  // namespace posture
