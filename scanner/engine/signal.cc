#include "scanner/engine/signal.h"

namespace posture {

Task<void> Signal::Wait() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fired_) co_return;
    timer_.expires_at(Clock::time_point::max());
  }
  // Notify() posts the cancel to this executor, so it cannot run between the
  // check above and the start of this wait (both run on this thread).
  error_code ec;
  while (true) {
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::lock_guard<std::mutex> lock(mu_);
    if (fired_) co_return;
    timer_.expires_at(Clock::time_point::max());
  }
}

void Signal::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fired_) return;
    fired_ = true;
  }
  asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
}

}  // namespace posture
