// HttpClient on libcurl's multi-socket interface (see http_client.h).
//
// Shape: one CURLM per client. curl asks, through CURLMOPT_SOCKETFUNCTION,
// to watch a socket for reading and/or writing; the sockets are asio TCP
// sockets we create ourselves (CURLOPT_OPENSOCKETFUNCTION) and close
// ourselves (CURLOPT_CLOSESOCKETFUNCTION), so the reactor deregisters a file
// descriptor before it is closed. Readiness and the multi timer
// (CURLMOPT_TIMERFUNCTION -> steady_timer) call curl_multi_socket_action;
// finished transfers are collected with curl_multi_info_read and their
// awaiting coroutines resumed through asio::post. No curl callback throws:
// each catches everything and reports failure to curl by its return value.

#include "scanner/http/http_client.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scanner/engine/connector.h"  // MillisSince

namespace posture {
namespace {

// ---------------------------------------------------------------------------
// Process-wide curl initialisation (curl_global_init is thread-safe in 7.88
// builds with CURL_VERSION_THREADSAFE, but once is enough).

bool GlobalInit() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

// ---------------------------------------------------------------------------
// Trust store: the system bundle plus config.ca_file, parsed once per client
// and shared (X509_STORE is reference counted and read-only after setup).

Status ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError("cannot read " + path);
  *out = ss.str();
  return Status::Ok();
}

// Adds every certificate of a PEM text to `store`; returns how many.
int AddPemCertificates(X509_STORE* store, const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return 0;
  int added = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    if (X509_STORE_add_cert(store, cert) == 1) ++added;
    X509_free(cert);
  }
  ERR_clear_error();  // the loop ends on "no start line"
  BIO_free(bio);
  return added;
}

struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
using StorePtr = std::unique_ptr<X509_STORE, StoreDeleter>;

StatusOr<StorePtr> BuildTrustStore(const std::string& ca_file) {
  StorePtr store(X509_STORE_new());
  if (!store) return Internal("X509_STORE_new failed");
  // The bundle curl was built with (Debian: /etc/ssl/certs/ca-certificates.crt).
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  std::string system_bundle =
      info->cainfo != nullptr ? info->cainfo : "/etc/ssl/certs/ca-certificates.crt";
  std::string pem;
  if (ReadFile(system_bundle, &pem).ok()) AddPemCertificates(store.get(), pem);
  if (!ca_file.empty()) {
    std::string extra;
    Status st = ReadFile(ca_file, &extra);
    if (!st.ok()) return st;
    if (AddPemCertificates(store.get(), extra) == 0) {
      return InvalidArgument("no PEM certificate in " + ca_file);
    }
  }
  return store;
}

// ---------------------------------------------------------------------------
// Small helpers.

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view StripEol(std::string_view s) {
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && StartsWithNoCase(a, b);
}

// "HTTP/1.1 301 Moved" -> 301; 0 when malformed.
int ParseStatusCode(std::string_view line) {
  auto sp = line.find(' ');
  if (sp == std::string_view::npos) return 0;
  std::string_view rest = line.substr(sp + 1);
  if (rest.size() < 3) return 0;
  int code = 0;
  for (int i = 0; i < 3; ++i) {
    if (rest[i] < '0' || rest[i] > '9') return 0;
    code = code * 10 + (rest[i] - '0');
  }
  return code;
}

const char* HttpVersionName(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

// Maps a finished transfer's curl code to a probe status. `os_errno` is
// CURLINFO_OS_ERRNO (the errno of a failed connect).
ProbeStatus StatusFromCurl(CURLcode rc, long os_errno) {
  switch (rc) {
    case CURLE_OK:
      return ProbeStatus::kOk;
    case CURLE_COULDNT_CONNECT:
      switch (os_errno) {
        case ECONNREFUSED:
          return ProbeStatus::kRefused;
        case ETIMEDOUT:
          return ProbeStatus::kTimeout;
        default:
          return ProbeStatus::kUnreachable;
      }
    case CURLE_OPERATION_TIMEDOUT:
      return ProbeStatus::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return ProbeStatus::kTlsError;
    case CURLE_FILESIZE_EXCEEDED:
      return ProbeStatus::kTooLarge;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_UNSUPPORTED_PROTOCOL:  // e.g. an HTTP/0.9 answer (the scheme is checked before)
    case CURLE_RANGE_ERROR:
    case CURLE_BAD_FUNCTION_ARGUMENT:
      return ProbeStatus::kProtocolError;
    default:
      return ProbeStatus::kError;
  }
}

// ---------------------------------------------------------------------------
// The completion of one Get(): a type-erased, move-only asio handler.

class Completion {
 public:
  virtual ~Completion() = default;
  // Resumes the awaiting coroutine (through its executor, never inline).
  virtual void Post(HttpResponse response) = 0;
};

template <typename Handler>
class CompletionImpl : public Completion {
 public:
  CompletionImpl(Handler handler, asio::any_io_executor fallback)
      : handler_(std::move(handler)), fallback_(std::move(fallback)) {}
  void Post(HttpResponse response) override {
    auto executor = asio::get_associated_executor(handler_, fallback_);
    asio::post(executor, [h = std::move(handler_), r = std::move(response)]() mutable {
      std::move(h)(std::move(r));
    });
  }

 private:
  Handler handler_;
  asio::any_io_executor fallback_;
};

// Why we told curl to stop a transfer (a write/header callback returned 0).
enum class Abort { kNone, kHeaderCap, kBodyCap, kHeadersDone, kInternal };

class CurlHttpClient;

// One exchange in flight.
struct Transfer {
  CurlHttpClient* client = nullptr;
  CURL* easy = nullptr;
  CURLSH* share = nullptr;  // private DNS cache holding only our pin
  curl_slist* resolve = nullptr;
  curl_slist* connect_to = nullptr;
  curl_slist* headers = nullptr;
  std::unique_ptr<Completion> completion;
  Clock::time_point start;

  size_t max_header_bytes = 0;
  size_t max_body_bytes = 0;
  bool want_body = true;
  bool is_https = false;
  bool host_is_literal = false;  // curl "resolves" a literal without DNS or thread

  HttpResponse response;
  size_t header_bytes = 0;
  bool at_block_start = true;  // the next header line starts a response
  int block_status = 0;        // status code of the response being read
  bool final_headers_done = false;
  Abort abort = Abort::kNone;
  bool resolver_started = false;
  long tls_verify_result = -1;  // recorded by our OpenSSL verify callback
  char errbuf[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    if (share != nullptr) curl_share_cleanup(share);
    curl_slist_free_all(resolve);
    curl_slist_free_all(connect_to);
    curl_slist_free_all(headers);
  }
};

// ex_data index on SSL objects pointing to the Transfer (for the verify callback).
int TransferExIndex() {
  static int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// ---------------------------------------------------------------------------

class CurlHttpClient : public HttpClient {
 public:
  CurlHttpClient(asio::io_context& io, HttpClientConfig config, StorePtr store)
      : io_(io), config_(std::move(config)), store_(std::move(store)), timer_(io) {}

  Status Init() {
    multi_ = curl_multi_init();
    if (multi_ == nullptr) return Internal("curl_multi_init failed");
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlHttpClient::SocketCallback);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlHttpClient::TimerCallback);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    return Status::Ok();
  }

  ~CurlHttpClient() override {
    alive_.reset();  // queued handlers must not touch this object any more
    for (auto& [easy, transfer] : transfers_) {
      curl_multi_remove_handle(multi_, easy);
      transfer->response.hop.status = ProbeStatus::kError;
      transfer->response.hop.error = "HTTP client shut down";
      FillCommon(*transfer);
      transfer->completion->Post(std::move(transfer->response));
    }
    transfers_.clear();
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    for (auto& [fd, sock] : sockets_) {
      sock->closed = true;
      error_code ignored;
      sock->socket.close(ignored);
    }
    sockets_.clear();
  }

  Task<HttpResponse> Get(HttpRequest request) override {
    co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(HttpResponse)>(
        [this](auto handler, HttpRequest req) {
          auto completion = std::make_unique<CompletionImpl<decltype(handler)>>(
              std::move(handler), io_.get_executor());
          Start(std::move(req), std::move(completion));
        },
        asio::use_awaitable, std::move(request));
  }

  int64_t connections_opened() const override { return connections_opened_; }

 private:
  // A socket curl uses, owned by us.
  struct Socket {
    explicit Socket(asio::io_context& io) : socket(io) {}
    asio::ip::tcp::socket socket;
    int what = 0;  // CURL_POLL_* curl last asked for
    bool read_pending = false;
    bool write_pending = false;
    bool closed = false;
  };
  using SocketPtr = std::shared_ptr<Socket>;

  // ----- starting an exchange -------------------------------------------

  void Start(HttpRequest request, std::unique_ptr<Completion> completion) {
    auto t = std::make_unique<Transfer>();
    t->client = this;
    t->completion = std::move(completion);
    t->start = Clock::now();
    t->max_header_bytes = config_.max_header_bytes;
    t->max_body_bytes = config_.max_body_bytes;
    t->want_body = request.want_body;
    HttpHop& hop = t->response.hop;
    hop.url = request.url;
    hop.ip = request.ip;
    hop.port = request.port;

    auto fail = [&](ProbeStatus status, std::string error) {
      hop.status = status;
      hop.error = std::move(error);
      hop.elapsed_ms = MillisSince(t->start);
      auto done = std::move(t->completion);
      HttpResponse response = std::move(t->response);
      t.reset();
      done->Post(std::move(response));
    };

    // The URL: scheme, host and port as curl will see them.
    std::string scheme, host;
    int url_port = 0;
    {
      CURLU* u = curl_url();
      if (u == nullptr) return fail(ProbeStatus::kError, "out of memory");
      bool ok = curl_url_set(u, CURLUPART_URL, request.url.c_str(), 0) == CURLUE_OK;
      char* part = nullptr;
      if (ok && curl_url_get(u, CURLUPART_SCHEME, &part, 0) == CURLUE_OK) {
        scheme = part;
        curl_free(part);
      } else {
        ok = false;
      }
      if (ok && curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
        host = part;
        curl_free(part);
      } else {
        ok = false;
      }
      if (ok && curl_url_get(u, CURLUPART_PORT, &part, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        url_port = std::atoi(part);
        curl_free(part);
      } else {
        ok = false;
      }
      curl_url_cleanup(u);
      if (!ok) return fail(ProbeStatus::kError, "malformed URL: " + request.url);
    }
    if (scheme != "http" && scheme != "https") {
      return fail(ProbeStatus::kError, "not an http(s) URL: " + request.url);
    }
    t->is_https = scheme == "https";
    error_code ec;
    auto address = asio::ip::make_address(request.ip, ec);
    if (ec) return fail(ProbeStatus::kError, "not an IP address: " + request.ip);
    int port = request.port != 0 ? request.port : url_port;
    if (port <= 0 || port > 65535) return fail(ProbeStatus::kError, "bad port");
    hop.port = port;

    // Pinning. A host name: CURLOPT_RESOLVE host:port -> ip in the request's
    // own DNS cache. An IP literal needs no resolution, but must be ip.
    std::string bare_host = host;
    if (bare_host.size() > 2 && bare_host.front() == '[' && bare_host.back() == ']') {
      bare_host = bare_host.substr(1, bare_host.size() - 2);
    }
    auto literal = asio::ip::make_address(bare_host, ec);
    bool host_is_literal = !ec;
    t->host_is_literal = host_is_literal;
    if (host_is_literal && literal != address) {
      return fail(ProbeStatus::kError, "URL host " + host + " is not the address " + request.ip);
    }
    std::string ip_text = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    if (port != url_port) {
      // Connect to another port than the URL's (Host and SNI keep the URL's
      // host): "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT", an empty HOST
      // matching this request's only host, an empty CONNECT-TO-HOST keeping it
      // (then pinned below).
      std::string entry = ":" + std::to_string(url_port) + ":" +
                          (host_is_literal ? ip_text : std::string()) + ":" + std::to_string(port);
      t->connect_to = curl_slist_append(nullptr, entry.c_str());
    }
    if (!host_is_literal) {
      std::string entry = host + ":" + std::to_string(port) + ":" + ip_text;
      t->resolve = curl_slist_append(nullptr, entry.c_str());
    }

    t->easy = curl_easy_init();
    t->share = curl_share_init();
    if (t->easy == nullptr || t->share == nullptr) return fail(ProbeStatus::kError, "out of memory");
    curl_share_setopt(t->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    t->headers = curl_slist_append(nullptr, "Accept: */*");

    Millis timeout = request.timeout.count() > 0 ? request.timeout : config_.timeout;
    if (timeout.count() <= 0) timeout = Millis(1);
    Millis connect_timeout = std::min(config_.connect_timeout, timeout);
    if (connect_timeout.count() <= 0) connect_timeout = timeout;
    long low_speed_seconds =
        std::max<long>(1, static_cast<long>((config_.low_speed_time.count() + 999) / 1000));

    CURL* e = t->easy;
    CURLcode rc = CURLE_OK;
    auto set = [&](CURLoption option, auto value) {
      if (rc == CURLE_OK) rc = curl_easy_setopt(e, option, value);
    };
    set(CURLOPT_URL, request.url.c_str());
    set(CURLOPT_PRIVATE, t.get());
    set(CURLOPT_ERRORBUFFER, t->errbuf);
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_SHARE, t->share);
    if (t->resolve != nullptr) set(CURLOPT_RESOLVE, t->resolve);
    if (t->connect_to != nullptr) set(CURLOPT_CONNECT_TO, t->connect_to);
    set(CURLOPT_DNS_CACHE_TIMEOUT, -1L);  // the cache holds our pin only, for this exchange
    set(CURLOPT_RESOLVER_START_FUNCTION, &CurlHttpClient::ResolverStartCallback);
    set(CURLOPT_RESOLVER_START_DATA, t.get());
    set(CURLOPT_PROXY, "");
    set(CURLOPT_NOPROXY, "*");
    set(CURLOPT_FOLLOWLOCATION, 0L);
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    set(CURLOPT_HTTPGET, 1L);
    set(CURLOPT_USERAGENT, config_.user_agent.c_str());
    set(CURLOPT_HTTPHEADER, t->headers);
    set(CURLOPT_ACCEPT_ENCODING, "");  // every decoder this libcurl has
    set(CURLOPT_FRESH_CONNECT, 1L);
    set(CURLOPT_FORBID_REUSE, 1L);
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    set(CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(config_.min_speed_bytes_per_s));
    set(CURLOPT_LOW_SPEED_TIME, low_speed_seconds);
    set(CURLOPT_HEADERFUNCTION, &CurlHttpClient::HeaderCallback);
    set(CURLOPT_HEADERDATA, t.get());
    set(CURLOPT_WRITEFUNCTION, &CurlHttpClient::WriteCallback);
    set(CURLOPT_WRITEDATA, t.get());
    set(CURLOPT_OPENSOCKETFUNCTION, &CurlHttpClient::OpenSocketCallback);
    set(CURLOPT_OPENSOCKETDATA, this);
    set(CURLOPT_CLOSESOCKETFUNCTION, &CurlHttpClient::CloseSocketCallback);
    set(CURLOPT_CLOSESOCKETDATA, this);
    // TLS: our trust store is installed by the SSL_CTX callback; curl loads none.
    set(CURLOPT_CAINFO, static_cast<const char*>(nullptr));
    set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
    set(CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
    set(CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
    set(CURLOPT_SSL_SESSIONID_CACHE, 0L);
    set(CURLOPT_SSL_CTX_FUNCTION, &CurlHttpClient::SslCtxCallback);
    set(CURLOPT_SSL_CTX_DATA, t.get());
    if (rc != CURLE_OK) {
      return fail(ProbeStatus::kError, std::string("curl setup: ") + curl_easy_strerror(rc));
    }
    CURLMcode mc = curl_multi_add_handle(multi_, e);
    if (mc != CURLM_OK) {
      return fail(ProbeStatus::kError, std::string("curl: ") + curl_multi_strerror(mc));
    }
    // From here the transfer belongs to the multi; curl's timer starts it.
    Transfer* raw = t.get();
    transfers_.emplace(raw->easy, std::move(t));
  }

  // ----- finishing an exchange ------------------------------------------

  // Facts available whatever the outcome.
  void FillCommon(Transfer& t) {
    HttpHop& hop = t.response.hop;
    hop.elapsed_ms = MillisSince(t.start);
    if (t.easy == nullptr) return;
    long code = 0;
    if (curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK && code > 0) {
      hop.status_code = static_cast<int>(code);
    } else if (t.block_status > 0) {
      hop.status_code = t.block_status;
    }
    long version = 0;
    if (hop.status_code > 0 &&
        curl_easy_getinfo(t.easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK) {
      hop.http_version = HttpVersionName(version);
    }
    if (t.is_https) hop.tls_verify_result = t.tls_verify_result;
    hop.headers_complete = t.final_headers_done;
    for (const HttpHeader& h : hop.headers) {
      if (EqualsNoCase(h.name, "location")) {
        hop.location = ResolveUrl(hop.url, h.value);
        break;
      }
    }
  }

  void Finish(CURL* easy, CURLcode rc) {
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    transfers_.erase(it);
    FillCommon(*t);
    HttpHop& hop = t->response.hop;
    long os_errno = 0;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
    switch (t->abort) {
      case Abort::kHeaderCap:
        hop.status = ProbeStatus::kTooLarge;
        hop.error = "response headers exceed " + std::to_string(t->max_header_bytes) + " bytes";
        break;
      case Abort::kBodyCap:
      case Abort::kHeadersDone:
        hop.status = ProbeStatus::kOk;
        break;
      case Abort::kInternal:
        hop.status = ProbeStatus::kError;
        hop.error = "out of memory while reading the response";
        break;
      case Abort::kNone:
        hop.status = StatusFromCurl(rc, os_errno);
        bool huge_line = rc == CURLE_OUT_OF_MEMORY && !t->final_headers_done && t->header_bytes > 0;
        if (huge_line) {
          // curl refuses a single header line beyond its own limit (100 KB).
          hop.status = ProbeStatus::kTooLarge;
        }
        if (t->resolver_started) {
          hop.status = ProbeStatus::kError;
          hop.error = "curl tried to resolve a host name (pinning failed)";
        } else if (huge_line) {
          hop.error = "a response header line exceeds curl's limit (100 KB)";
        } else if (rc != CURLE_OK) {
          hop.error = t->errbuf[0] != '\0' ? t->errbuf : curl_easy_strerror(rc);
        }
        break;
    }
    curl_multi_remove_handle(multi_, easy);
    auto completion = std::move(t->completion);
    HttpResponse response = std::move(t->response);
    t.reset();  // easy and share cleaned up
    completion->Post(std::move(response));
  }

  void DrainCompletions() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg == CURLMSG_DONE) Finish(msg->easy_handle, msg->data.result);
    }
  }

  void Action(curl_socket_t fd, int flags) {
    int running = 0;
    curl_multi_socket_action(multi_, fd, flags, &running);
    DrainCompletions();
  }

  // ----- sockets and readiness ------------------------------------------

  void Arm(const SocketPtr& s) {
    if (s->closed) return;
    if ((s->what & CURL_POLL_IN) && !s->read_pending) Wait(s, asio::socket_base::wait_read);
    if ((s->what & CURL_POLL_OUT) && !s->write_pending) Wait(s, asio::socket_base::wait_write);
  }

  void Wait(const SocketPtr& s, asio::socket_base::wait_type dir) {
    bool read = dir == asio::socket_base::wait_read;
    (read ? s->read_pending : s->write_pending) = true;
    std::weak_ptr<int> alive = alive_;
    auto handler = [this, alive, s, dir](const error_code& ec) {
      if (alive.expired()) return;
      OnReady(s, dir, ec);
    };
    // The reactor is edge-triggered: readiness that arrived while no wait was
    // queued (curl left bytes in the socket) would never be reported. Check
    // the current state first (non-blocking poll) and act at once if ready.
    pollfd p{};
    p.fd = s->socket.native_handle();
    p.events = read ? POLLIN : POLLOUT;
    if (::poll(&p, 1, 0) > 0) {
      asio::post(io_, [handler]() { handler(error_code()); });
    } else {
      s->socket.async_wait(dir, handler);
    }
  }

  void OnReady(const SocketPtr& s, asio::socket_base::wait_type dir, const error_code& ec) {
    bool read = dir == asio::socket_base::wait_read;
    (read ? s->read_pending : s->write_pending) = false;
    if (s->closed) return;
    if (ec == asio::error::operation_aborted) {
      Arm(s);
      return;
    }
    int wanted = read ? CURL_POLL_IN : CURL_POLL_OUT;
    if (s->what & wanted) {
      int flags = read ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
      if (ec) flags |= CURL_CSELECT_ERR;
      Action(s->socket.native_handle(), flags);
    }
    Arm(s);
  }

  void OnSocket(curl_socket_t fd, int what) {
    auto it = sockets_.find(fd);
    if (it == sockets_.end()) return;  // not one of ours: never happens (no resolver)
    const SocketPtr& s = it->second;
    if (what == CURL_POLL_REMOVE) {
      s->what = 0;
      error_code ignored;
      s->socket.cancel(ignored);
      return;
    }
    s->what = what;
    Arm(s);
  }

  void OnTimer(long timeout_ms) {
    if (timeout_ms < 0) {
      timer_.cancel();
      return;
    }
    timer_.expires_after(Millis(timeout_ms));
    std::weak_ptr<int> alive = alive_;
    timer_.async_wait([this, alive](const error_code& ec) {
      if (ec || alive.expired()) return;
      Action(CURL_SOCKET_TIMEOUT, 0);
    });
  }

  curl_socket_t OpenSocket(curlsocktype purpose, curl_sockaddr* address) {
    if (purpose != CURLSOCKTYPE_IPCXN || address->socktype != SOCK_STREAM) return CURL_SOCKET_BAD;
    if (address->family != AF_INET && address->family != AF_INET6) return CURL_SOCKET_BAD;
    auto s = std::make_shared<Socket>(io_);
    error_code ec;
    s->socket.open(address->family == AF_INET ? asio::ip::tcp::v4() : asio::ip::tcp::v6(), ec);
    if (ec) return CURL_SOCKET_BAD;
    curl_socket_t fd = s->socket.native_handle();
    sockets_[fd] = std::move(s);
    ++connections_opened_;
    return fd;
  }

  int CloseSocket(curl_socket_t fd) {
    auto it = sockets_.find(fd);
    if (it == sockets_.end()) return ::close(fd);
    SocketPtr s = std::move(it->second);
    sockets_.erase(it);
    s->closed = true;
    error_code ec;
    s->socket.close(ec);  // deregisters from the reactor, then closes
    return ec ? -1 : 0;
  }

  // ----- curl callbacks (static trampolines; none may throw) --------------

  static int SocketCallback(CURL*, curl_socket_t fd, int what, void* userp, void*) {
    try {
      static_cast<CurlHttpClient*>(userp)->OnSocket(fd, what);
      return 0;
    } catch (...) {
      return -1;
    }
  }

  static int TimerCallback(CURLM*, long timeout_ms, void* userp) {
    try {
      static_cast<CurlHttpClient*>(userp)->OnTimer(timeout_ms);
      return 0;
    } catch (...) {
      return -1;
    }
  }

  static curl_socket_t OpenSocketCallback(void* clientp, curlsocktype purpose,
                                          curl_sockaddr* address) {
    try {
      return static_cast<CurlHttpClient*>(clientp)->OpenSocket(purpose, address);
    } catch (...) {
      return CURL_SOCKET_BAD;
    }
  }

  static int CloseSocketCallback(void* clientp, curl_socket_t fd) {
    try {
      return static_cast<CurlHttpClient*>(clientp)->CloseSocket(fd);
    } catch (...) {
      return ::close(fd);
    }
  }

  // Called when curl misses its DNS cache and is about to resolve. For an IP
  // literal (checked equal to request.ip) curl converts it in place, without
  // DNS or thread; for a name, the pin should have hit: abort.
  static int ResolverStartCallback(void*, void*, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    if (t->host_is_literal) return 0;
    t->resolver_started = true;
    return 1;
  }

  static size_t HeaderCallback(char* buffer, size_t size, size_t n, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    size_t len = size * n;
    try {
      t->header_bytes += len;
      if (t->header_bytes > t->max_header_bytes) {
        t->abort = Abort::kHeaderCap;
        return 0;
      }
      if (t->final_headers_done) return len;  // trailers: counted, not kept
      std::string_view line = StripEol(std::string_view(buffer, len));
      std::vector<HttpHeader>& headers = t->response.hop.headers;
      if (t->at_block_start && line.substr(0, 5) == "HTTP/") {
        headers.clear();  // a new response: keep only the final one's headers
        t->block_status = ParseStatusCode(line);
        t->at_block_start = false;
        return len;
      }
      if (line.empty()) {  // end of a header block
        t->at_block_start = true;
        if (t->block_status >= 200 || t->block_status == 0) {
          t->final_headers_done = true;
          if (!t->want_body) {
            t->abort = Abort::kHeadersDone;
            return 0;
          }
        }
        return len;
      }
      t->at_block_start = false;
      if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
        // obs-fold (RFC 7230 §3.2.4): continuation of the previous value.
        headers.back().value += ' ';
        headers.back().value += TrimOws(line);
        return len;
      }
      auto colon = line.find(':');
      if (colon == std::string_view::npos) {
        headers.push_back(HttpHeader{std::string(), std::string(line)});
      } else {
        headers.push_back(HttpHeader{std::string(line.substr(0, colon)),
                                     std::string(TrimOws(line.substr(colon + 1)))});
      }
      return len;
    } catch (...) {
      t->abort = Abort::kInternal;
      return 0;
    }
  }

  static size_t WriteCallback(char* data, size_t size, size_t n, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    size_t len = size * n;
    try {
      t->response.body_bytes += static_cast<int64_t>(len);
      if (!t->want_body) {
        t->abort = Abort::kHeadersDone;
        return 0;
      }
      std::string& body = t->response.body;
      size_t room = t->max_body_bytes - std::min(t->max_body_bytes, body.size());
      if (len <= room) {
        body.append(data, len);
        return len;
      }
      body.append(data, room);
      t->response.body_truncated = true;
      t->abort = Abort::kBodyCap;
      return 0;
    } catch (...) {
      t->abort = Abort::kInternal;
      return 0;
    }
  }

  // Called by curl on the SSL_CTX it built for a connection, before the
  // handshake: installs our trust store (parsed once per client, instead of
  // a CA bundle parsed per connection) and a verify callback that records the
  // chain verdict. curl chose the verify mode (NONE unless verify_tls); with
  // NONE, OpenSSL still verifies the chain, calls the callback, and goes on.
  static CURLcode SslCtxCallback(CURL*, void* ssl_ctx, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
    SSL_CTX_set1_cert_store(ctx, t->client->store_.get());
    SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), &VerifyCallback);
    // The SSL object does not exist yet: reach the transfer through the
    // SSL_CTX (curl 7.88 builds one SSL_CTX per connection).
    SSL_CTX_set_ex_data(ctx, TransferExIndex(), t);
    return CURLE_OK;
  }

  // Keeps OpenSSL's decision; records the first error seen along the chain
  // (0 when every certificate verified).
  static int VerifyCallback(int preverify_ok, X509_STORE_CTX* store_ctx) {
    auto* ssl = static_cast<SSL*>(
        X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (ssl == nullptr) return preverify_ok;
    auto* t = static_cast<Transfer*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), TransferExIndex()));
    if (t == nullptr) return preverify_ok;
    if (t->tls_verify_result <= 0) t->tls_verify_result = X509_STORE_CTX_get_error(store_ctx);
    return preverify_ok;
  }

  asio::io_context& io_;
  const HttpClientConfig config_;
  StorePtr store_;
  CURLM* multi_ = nullptr;
  asio::steady_timer timer_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  std::unordered_map<curl_socket_t, SocketPtr> sockets_;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
  int64_t connections_opened_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(asio::io_context& io,
                                                         const HttpClientConfig& config) {
  if (!GlobalInit()) return Internal("curl_global_init failed");
  auto store = BuildTrustStore(config.ca_file);
  if (!store.ok()) return store.status();
  auto client = std::make_unique<CurlHttpClient>(io, config, std::move(store).value());
  Status st = client->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<HttpClient>(std::move(client));
}

}  // namespace posture
