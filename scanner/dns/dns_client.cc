#include "scanner/dns/dns_client.h"

#include <arpa/inet.h>
#include <ares.h>
#include <sys/time.h>

#include <algorithm>
#include <deque>
#include <exception>
#include <mutex>
#include <unordered_map>

#include "checks/base/strings.h"
#include "scanner/engine/asio.h"
#include "scanner/engine/signal.h"
// After asio.h (which must come first with g++ 12): the descriptor type used
// to watch c-ares' sockets without owning them.
#include <boost/asio/posix/stream_descriptor.hpp>

namespace posture {
namespace {

int InitAresLibrary() {
  static std::once_flag once;
  static int result = ARES_SUCCESS;
  std::call_once(once, [] { result = ares_library_init(ARES_LIB_INIT_ALL); });
  return result;
}

// What c-ares handed to the answer callback.
struct Answer {
  int status = ARES_SUCCESS;
  std::string bytes;     // the response (empty unless status is ARES_SUCCESS)
  size_t full_size = 0;  // its size before the cap
};

// One question in flight: owns the awaiting coroutine's completion handler
// until c-ares calls back. Owned by c-ares (as the callback argument) while
// the question is pending.
class PendingQuery {
 public:
  explicit PendingQuery(size_t max_bytes) : max_bytes_(max_bytes) {}
  virtual ~PendingQuery() = default;
  size_t max_bytes() const { return max_bytes_; }
  // Resumes the coroutine later, through its executor: never inline from
  // inside c-ares.
  virtual void Complete(Answer answer) = 0;

 private:
  size_t max_bytes_;
};

template <typename Handler>
class PendingQueryFor : public PendingQuery {
 public:
  PendingQueryFor(Handler handler, size_t max_bytes)
      : PendingQuery(max_bytes), handler_(std::move(handler)) {}

  void Complete(Answer answer) override {
    auto executor = asio::get_associated_executor(handler_);
    asio::post(executor, [handler = std::move(handler_), answer = std::move(answer)]() mutable {
      std::move(handler)(std::move(answer));
    });
  }

 private:
  Handler handler_;
};

// One socket of c-ares, watched for readiness on the loop. The descriptor
// never closes the fd: c-ares owns it and closes it after telling us.
struct SocketWatch {
  SocketWatch(asio::io_context& io, ares_socket_t fd) : fd(fd), descriptor(io) {}
  ~SocketWatch() { Release(); }
  void Release() {
    closed = true;
    if (descriptor.is_open()) descriptor.release();  // cancels waits, keeps the fd open
  }

  ares_socket_t fd;
  asio::posix::stream_descriptor descriptor;
  bool want_read = false;
  bool want_write = false;
  bool reading = false;  // a read wait is pending
  bool writing = false;  // a write wait is pending
  bool closed = false;
};

// The c-ares channel and its integration with the loop. Handlers on the loop
// hold it weakly: once the client is gone they do nothing.
class AresCore : public std::enable_shared_from_this<AresCore> {
 public:
  explicit AresCore(asio::io_context& io) : io_(io), timer_(io) {}

  ~AresCore() {
    if (channel_ != nullptr) {
      // Calls every pending callback with ARES_EDESTRUCTION (each posts its
      // completion) and reports every socket closed.
      ares_destroy(channel_);
      channel_ = nullptr;
    }
    for (auto& [fd, watch] : watches_) watch->Release();
    watches_.clear();
    try {
      timer_.cancel();
    } catch (...) {
    }
  }

  Status Init(const ResolverConfig& config, const std::string& servers_csv) {
    int rc = InitAresLibrary();
    if (rc != ARES_SUCCESS) return Internal(std::string("c-ares: ") + ares_strerror(rc));
    ares_options options{};
    int mask = 0;
    options.flags = ARES_FLAG_NOCHECKRESP;
    mask |= ARES_OPT_FLAGS;
    options.timeout = static_cast<int>(std::clamp<int64_t>(config.timeout.count(), 1, 3600 * 1000));
    mask |= ARES_OPT_TIMEOUTMS;
    options.tries = std::clamp(config.tries, 1, 100);
    mask |= ARES_OPT_TRIES;
    options.sock_state_cb = &AresCore::OnSocketState;
    options.sock_state_cb_data = this;
    mask |= ARES_OPT_SOCK_STATE_CB;
    rc = ares_init_options(&channel_, &options, mask);
    if (rc != ARES_SUCCESS) {
      channel_ = nullptr;
      return Internal(std::string("cannot set up the DNS resolver: ") + ares_strerror(rc));
    }
    if (!servers_csv.empty()) {
      rc = ares_set_servers_ports_csv(channel_, servers_csv.c_str());
      if (rc != ARES_SUCCESS) {
        return InvalidArgument("cannot use DNS servers '" + servers_csv + "': " + ares_strerror(rc));
      }
    }
    return Status::Ok();
  }

  // Sends `query`; `pending` is completed by OnAnswer (possibly before this
  // returns, posted to the loop either way).
  void Send(const std::string& query, std::unique_ptr<PendingQuery> pending) {
    PendingQuery* raw = pending.release();
    ares_send(channel_, reinterpret_cast<const unsigned char*>(query.data()),
              static_cast<int>(query.size()), &AresCore::OnAnswer, raw);
    UpdateTimer();
  }

 private:
  // c-ares callbacks: C functions, nothing may escape them.
  static void OnAnswer(void* arg, int status, int /*timeouts*/, unsigned char* abuf,
                       int alen) noexcept {
    std::unique_ptr<PendingQuery> pending(static_cast<PendingQuery*>(arg));
    try {
      Answer answer;
      answer.status = status;
      if (status == ARES_SUCCESS && abuf != nullptr && alen > 0) {
        answer.full_size = static_cast<size_t>(alen);
        if (answer.full_size <= pending->max_bytes()) {
          answer.bytes.assign(reinterpret_cast<const char*>(abuf), answer.full_size);
        }
      }
      pending->Complete(std::move(answer));
    } catch (...) {
      // Out of memory: the awaiting coroutine is destroyed with its handler.
    }
  }

  static void OnSocketState(void* data, ares_socket_t fd, int readable, int writable) noexcept {
    try {
      static_cast<AresCore*>(data)->SocketState(fd, readable != 0, writable != 0);
    } catch (...) {
      // A socket we cannot watch: its questions end by c-ares' timeout.
    }
  }

  void SocketState(ares_socket_t fd, bool readable, bool writable) {
    auto it = watches_.find(fd);
    if (!readable && !writable) {
      // c-ares is about to close the fd: stop watching it first.
      if (it != watches_.end()) {
        it->second->Release();
        watches_.erase(it);
      }
      return;
    }
    std::shared_ptr<SocketWatch> watch;
    if (it == watches_.end()) {
      watch = std::make_shared<SocketWatch>(io_, fd);
      error_code ec;
      watch->descriptor.assign(fd, ec);
      if (ec) return;
      watches_.emplace(fd, watch);
    } else {
      watch = it->second;
    }
    watch->want_read = readable;
    watch->want_write = writable;
    if (readable && !watch->reading) WaitRead(watch);
    if (writable && !watch->writing) WaitWrite(watch);
  }

  void WaitRead(const std::shared_ptr<SocketWatch>& watch) {
    watch->reading = true;
    watch->descriptor.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [weak = weak_from_this(), watch](const error_code& ec) {
          watch->reading = false;
          if (ec == asio::error::operation_aborted || watch->closed) return;
          if (auto core = weak.lock()) core->OnReady(watch, /*read=*/true, ec);
        });
  }

  void WaitWrite(const std::shared_ptr<SocketWatch>& watch) {
    watch->writing = true;
    watch->descriptor.async_wait(
        asio::posix::stream_descriptor::wait_write,
        [weak = weak_from_this(), watch](const error_code& ec) {
          watch->writing = false;
          if (ec == asio::error::operation_aborted || watch->closed) return;
          if (auto core = weak.lock()) core->OnReady(watch, /*read=*/false, ec);
        });
  }

  void OnReady(const std::shared_ptr<SocketWatch>& watch, bool read, const error_code& ec) {
    if (read) {
      ares_process_fd(channel_, watch->fd, ARES_SOCKET_BAD);
    } else {
      ares_process_fd(channel_, ARES_SOCKET_BAD, watch->fd);
    }
    // c-ares may have closed the socket (watch->closed) or changed what it
    // wants (SocketState ran). Re-arm what is still wanted; an error from the
    // wait itself is not retried (c-ares' timeout ends the question).
    if (!watch->closed && !ec) {
      if (read && watch->want_read && !watch->reading) WaitRead(watch);
      if (!read && watch->want_write && !watch->writing) WaitWrite(watch);
    }
    UpdateTimer();
  }

  // Arms the timer for c-ares' next timeout (none when nothing is pending).
  void UpdateTimer() {
    if (channel_ == nullptr) return;
    timeval tv{};
    timeval* next = ares_timeout(channel_, nullptr, &tv);
    ++timer_generation_;
    if (next == nullptr) {
      timer_.cancel();
      return;
    }
    // +1 ms so that c-ares, which compares with its own clock, sees the
    // deadline as passed when the timer fires.
    auto delay = std::chrono::seconds(next->tv_sec) + std::chrono::microseconds(next->tv_usec) +
                 Millis(1);
    timer_.expires_after(delay);
    timer_.async_wait([weak = weak_from_this(), generation = timer_generation_](
                          const error_code& ec) {
      if (ec) return;
      auto core = weak.lock();
      if (!core || generation != core->timer_generation_) return;
      ares_process_fd(core->channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      core->UpdateTimer();
    });
  }

  asio::io_context& io_;
  ares_channel channel_ = nullptr;
  std::unordered_map<ares_socket_t, std::shared_ptr<SocketWatch>> watches_;
  asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;
};

// At most `max` questions on the wire at once; the others wait in order. Shared
// with the Query() frames (the client may be destroyed while they wait).
struct InFlightLimit {
  int max = 0;  // 0: no limit
  int active = 0;
  bool closed = false;
  std::deque<std::shared_ptr<Signal>> waiting;

  // Hands the slot to the next waiter, or frees it.
  void Release() {
    if (!waiting.empty()) {
      std::shared_ptr<Signal> next = std::move(waiting.front());
      waiting.pop_front();
      next->Notify();
    } else {
      --active;
    }
  }
};

class AresDnsClient : public DnsClient {
 public:
  AresDnsClient(std::shared_ptr<AresCore> core, const ResolverConfig& config)
      : core_(std::move(core)), config_(config), limit_(std::make_shared<InFlightLimit>()) {
    limit_->max = std::max(0, config.max_in_flight);
  }
  ~AresDnsClient() override {
    // Questions still waiting for a slot end as kError, like pending ones.
    limit_->closed = true;
    for (auto& s : limit_->waiting) s->Notify();
    limit_->waiting.clear();
  }

  Task<DnsResult> Query(std::string name, uint16_t type) override {
    const auto start = Clock::now();
    DnsResult result;
    result.type = type;
    std::string query = dns::BuildQuery(name, type, /*id=*/0, config_.query);
    if (query.empty()) {
      result.name = CanonicalDnsName(name);
      result.status = ProbeStatus::kDnsError;
      result.error = "invalid DNS name";
      co_return result;
    }
    // Everything needed after the answer is copied into the frame: the
    // client may be destroyed while the question is pending.
    const dns::ParseLimits limits = config_.limits;
    const size_t max_bytes = config_.max_answer_bytes;
    AresCore* core = core_.get();
    std::shared_ptr<InFlightLimit> limit = limit_;
    if (limit->max > 0 && limit->active >= limit->max) {
      auto turn = std::make_shared<Signal>(co_await asio::this_coro::executor);
      limit->waiting.push_back(turn);
      co_await turn->Wait();  // the releaser passed its slot on to us
      if (limit->closed) {
        result.name = dns::CanonicalName(name);
        result.status = ProbeStatus::kError;
        result.error = "resolver shut down with the question pending";
        co_return result;
      }
    } else {
      ++limit->active;
    }
    ++queries_sent_;
    Answer answer = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Answer)>(
        [core, &query, max_bytes](auto handler) {
          using Handler = decltype(handler);
          core->Send(query, std::make_unique<PendingQueryFor<Handler>>(std::move(handler),
                                                                       max_bytes));
        },
        asio::use_awaitable);
    limit->Release();

    switch (answer.status) {
      case ARES_SUCCESS:
        if (answer.full_size > max_bytes) {
          result.status = ProbeStatus::kTooLarge;
          result.truncated = true;
          result.error = "answer of " + std::to_string(answer.full_size) +
                         " bytes exceeds the cap of " + std::to_string(max_bytes);
        } else {
          result = dns::ParseResponse(answer.bytes, name, type, limits);
        }
        break;
      case ARES_ETIMEOUT:
        result.status = ProbeStatus::kTimeout;
        result.error = "no answer from the resolver";
        break;
      case ARES_ECONNREFUSED:
        result.status = ProbeStatus::kRefused;
        result.error = ares_strerror(answer.status);
        break;
      case ARES_EDESTRUCTION:
      case ARES_ECANCELLED:
        result.status = ProbeStatus::kError;
        result.error = "resolver shut down with the question pending";
        break;
      case ARES_ENOMEM:
        result.status = ProbeStatus::kError;
        result.error = ares_strerror(answer.status);
        break;
      default:
        result.status = ProbeStatus::kDnsError;
        result.error = ares_strerror(answer.status);
        break;
    }
    result.name = dns::CanonicalName(name);
    result.type = type;
    result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    co_return result;
  }

  int64_t queries_sent() const override { return queries_sent_; }

 private:
  std::shared_ptr<AresCore> core_;
  ResolverConfig config_;
  std::shared_ptr<InFlightLimit> limit_;
  int64_t queries_sent_ = 0;
};

}  // namespace

StatusOr<std::string> NormalizeResolverAddress(const std::string& text) {
  const std::string shown = "'" + SanitizeForDisplay(text, 80) + "'";
  if (text.empty()) return InvalidArgument("the resolver address is empty");
  std::string host;
  std::string port_text;
  bool bracketed = false;
  if (text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos) {
      return InvalidArgument("resolver address " + shown + " has '[' without ']'");
    }
    host = text.substr(1, close - 1);
    std::string rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') {
        return InvalidArgument("resolver address " + shown + " has text after ']' that is not ':PORT'");
      }
      port_text = rest.substr(1);
      if (port_text.empty()) return InvalidArgument("resolver address " + shown + " has an empty port");
    }
    bracketed = true;
  } else {
    size_t colons = std::count(text.begin(), text.end(), ':');
    if (colons == 1) {
      size_t colon = text.find(':');
      host = text.substr(0, colon);
      port_text = text.substr(colon + 1);
      if (port_text.empty()) return InvalidArgument("resolver address " + shown + " has an empty port");
    } else {
      host = text;  // IPv4 without port, or a bare IPv6 address
    }
  }

  int port = 53;
  if (!port_text.empty()) {
    if (port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return InvalidArgument("resolver port in " + shown + " is not a number between 1 and 65535");
    }
    port = std::stoi(port_text);
    if (port < 1 || port > 65535) {
      return InvalidArgument("resolver port in " + shown + " is not a number between 1 and 65535");
    }
  }

  unsigned char buf[16];
  char canonical[INET6_ADDRSTRLEN];
  if (!bracketed && inet_pton(AF_INET, host.c_str(), buf) == 1) {
    inet_ntop(AF_INET, buf, canonical, sizeof(canonical));
    return std::string(canonical) + ":" + std::to_string(port);
  }
  if (inet_pton(AF_INET6, host.c_str(), buf) == 1) {
    inet_ntop(AF_INET6, buf, canonical, sizeof(canonical));
    return "[" + std::string(canonical) + "]:" + std::to_string(port);
  }
  return InvalidArgument("resolver address " + shown +
                         " is not an IP address (expected ADDR, ADDR:PORT or [IPV6]:PORT)");
}

StatusOr<std::unique_ptr<DnsClient>> DnsClient::Create(asio::io_context& io,
                                                       const ResolverConfig& config) {
  std::vector<std::string> servers;
  for (const std::string& s : config.servers) {
    StatusOr<std::string> normalized = NormalizeResolverAddress(s);
    if (!normalized.ok()) return normalized.status();
    servers.push_back(*normalized);
  }
  if (config.tries < 1) return InvalidArgument("DNS tries must be at least 1");
  if (config.timeout.count() < 1) return InvalidArgument("DNS timeout must be at least 1 ms");
  auto core = std::make_shared<AresCore>(io);
  Status status = core->Init(config, Join(servers, ","));
  if (!status.ok()) return status;
  return std::unique_ptr<DnsClient>(new AresDnsClient(std::move(core), config));
}

// --- BlockingResolver ---

StatusOr<std::unique_ptr<BlockingResolver>> BlockingResolver::Create(
    const ResolverConfig& config) {
  std::unique_ptr<BlockingResolver> resolver(new BlockingResolver());
  StatusOr<std::unique_ptr<DnsClient>> client = DnsClient::Create(resolver->io_, config);
  if (!client.ok()) return client.status();
  resolver->client_ = std::move(*client);
  return resolver;
}

BlockingResolver::~BlockingResolver() {
  client_.reset();
  // Let the completions posted by the client's destruction run.
  io_.restart();
  io_.poll();
}

DnsResult BlockingResolver::Resolve(const std::string& name, uint16_t type) {
  struct Outcome {
    bool done = false;
    DnsResult result;
  };
  auto outcome = std::make_shared<Outcome>();
  outcome->result.name = CanonicalDnsName(name);
  outcome->result.type = type;
  asio::co_spawn(io_, client_->Query(name, type),
                 [outcome](std::exception_ptr error, DnsResult answer) {
                   outcome->done = true;
                   if (!error) {
                     outcome->result = std::move(answer);
                   } else {
                     outcome->result.status = ProbeStatus::kError;
                     outcome->result.error = "internal error in the DNS client";
                   }
                 });
  io_.restart();
  while (!outcome->done) {
    if (io_.run_one() == 0) break;  // out of work: cannot happen with a pending question
  }
  if (!outcome->done) {
    outcome->result.status = ProbeStatus::kError;
    outcome->result.error = "the DNS loop stopped before the answer";
  }
  return outcome->result;
}

StatusOr<DnsResult> ResolveBlocking(const ResolverConfig& config, const std::string& name,
                                    uint16_t type) {
  StatusOr<std::unique_ptr<BlockingResolver>> resolver = BlockingResolver::Create(config);
  if (!resolver.ok()) return resolver.status();
  return (*resolver)->Resolve(name, type);
}

}  // namespace posture
