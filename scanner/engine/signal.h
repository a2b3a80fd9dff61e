// Signal: a one-shot event that a coroutine on one worker waits for and any
// thread can fire. Used for cross-worker hand-offs (a shared cache entry
// becoming ready, a connection slot being granted).
//
// Thread-safety: Notify() from any thread; Wait() from a coroutine running on
// the executor given at construction. Create with std::make_shared.
#pragma once

#include <memory>
#include <mutex>

#include "scanner/engine/asio.h"

namespace posture {

class Signal : public std::enable_shared_from_this<Signal> {
 public:
  explicit Signal(asio::any_io_executor executor) : timer_(executor) {}

  // Returns once Notify() has been called (immediately if it already was).
  Task<void> Wait();
  // Wakes the waiter. Idempotent.
  void Notify();
  bool fired() const {
    std::lock_guard<std::mutex> lock(mu_);
    return fired_;
  }

 private:
  mutable std::mutex mu_;
  bool fired_ = false;
  asio::steady_timer timer_;
};

}  // namespace posture
