#include "scanner/engine/timeout.h"

namespace posture {

TimeoutGuard::TimeoutGuard(asio::any_io_executor executor, Millis timeout,
                           std::function<void()> on_timeout)
    : state_(std::make_shared<State>()), timer_(executor) {
  state_->on_timeout = std::move(on_timeout);
  timer_.expires_after(timeout);
  timer_.async_wait([state = state_](const error_code& ec) {
    if (ec || state->disarmed) return;
    state->fired = true;
    if (state->on_timeout) state->on_timeout();
  });
}

void TimeoutGuard::Disarm() {
  if (state_->disarmed) return;
  state_->disarmed = true;
  state_->on_timeout = nullptr;
  timer_.cancel();
}

}  // namespace posture
