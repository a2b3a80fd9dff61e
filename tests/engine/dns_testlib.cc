#include "tests/engine/dns_testlib.h"

#include <arpa/inet.h>

#include <array>
#include <stdexcept>

// After asio.h (included by the header), which must come first.
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace posture::dnstest {

std::string U16(uint16_t v) {
  std::string s;
  s.push_back(static_cast<char>(v >> 8));
  s.push_back(static_cast<char>(v & 0xff));
  return s;
}

std::string U32(uint32_t v) { return U16(static_cast<uint16_t>(v >> 16)) + U16(v & 0xffff); }

std::string WireName(std::string_view dotted) {
  std::string out;
  if (dotted == "." || dotted.empty()) return std::string(1, '\0');
  size_t start = 0;
  while (start < dotted.size()) {
    size_t dot = dotted.find('.', start);
    if (dot == std::string_view::npos) dot = dotted.size();
    std::string_view label = dotted.substr(start, dot - start);
    out.push_back(static_cast<char>(label.size()));
    out.append(label);
    start = dot + 1;
  }
  out.push_back('\0');
  return out;
}

std::string RdA(std::string_view ipv4) {
  unsigned char b[4];
  if (inet_pton(AF_INET, std::string(ipv4).c_str(), b) != 1) throw std::invalid_argument("ipv4");
  return std::string(reinterpret_cast<char*>(b), 4);
}

std::string RdAaaa(std::string_view ipv6) {
  unsigned char b[16];
  if (inet_pton(AF_INET6, std::string(ipv6).c_str(), b) != 1) throw std::invalid_argument("ipv6");
  return std::string(reinterpret_cast<char*>(b), 16);
}

std::string RdName(std::string_view name) { return WireName(name); }

std::string RdMx(uint16_t preference, std::string_view host) {
  return U16(preference) + WireName(host);
}

std::string RdTxt(const std::vector<std::string>& strings) {
  std::string out;
  for (const std::string& s : strings) {
    out.push_back(static_cast<char>(s.size()));
    out.append(s);
  }
  return out;
}

std::string RdSoa(std::string_view mname, std::string_view rname, uint32_t serial,
                  uint32_t refresh, uint32_t retry, uint32_t expire, uint32_t minimum) {
  return WireName(mname) + WireName(rname) + U32(serial) + U32(refresh) + U32(retry) +
         U32(expire) + U32(minimum);
}

std::string RdCaa(uint8_t flags, std::string_view tag, std::string_view value) {
  std::string out;
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>(tag.size()));
  out.append(tag);
  out.append(value);
  return out;
}

std::string RdTlsa(uint8_t usage, uint8_t selector, uint8_t mtype, std::string_view data) {
  std::string out;
  out.push_back(static_cast<char>(usage));
  out.push_back(static_cast<char>(selector));
  out.push_back(static_cast<char>(mtype));
  out.append(data);
  return out;
}

std::string RdDs(uint16_t key_tag, uint8_t alg, uint8_t digest_type, std::string_view digest) {
  std::string out = U16(key_tag);
  out.push_back(static_cast<char>(alg));
  out.push_back(static_cast<char>(digest_type));
  out.append(digest);
  return out;
}

std::string RdDnskey(uint16_t flags, uint8_t protocol, uint8_t alg, std::string_view key) {
  std::string out = U16(flags);
  out.push_back(static_cast<char>(protocol));
  out.push_back(static_cast<char>(alg));
  out.append(key);
  return out;
}

std::string RdRrsig(uint16_t covered, uint8_t alg, uint8_t labels, uint32_t original_ttl,
                    uint32_t expiration, uint32_t inception, uint16_t key_tag,
                    std::string_view signer, std::string_view signature) {
  std::string out = U16(covered);
  out.push_back(static_cast<char>(alg));
  out.push_back(static_cast<char>(labels));
  out += U32(original_ttl) + U32(expiration) + U32(inception) + U16(key_tag);
  out += WireName(signer);
  out.append(signature);
  return out;
}

namespace {

void AppendRr(std::string* out, const Rr& rr) {
  *out += WireName(rr.owner) + U16(rr.type) + U16(rr.klass) + U32(rr.ttl) +
          U16(static_cast<uint16_t>(rr.rdata.size())) + rr.rdata;
}

}  // namespace

std::string Message::Encode() const {
  std::string out = U16(id);
  uint16_t flags = 0;
  if (qr) flags |= 0x8000;
  flags |= static_cast<uint16_t>((opcode & 0xf) << 11);
  if (aa) flags |= 0x0400;
  if (tc) flags |= 0x0200;
  if (rd) flags |= 0x0100;
  if (ra) flags |= 0x0080;
  if (ad) flags |= 0x0020;
  if (cd) flags |= 0x0010;
  flags |= static_cast<uint16_t>(rcode & 0xf);
  out += U16(flags);
  out += U16(qdcount.value_or(static_cast<uint16_t>(questions.size())));
  out += U16(ancount.value_or(static_cast<uint16_t>(answers.size())));
  out += U16(nscount.value_or(static_cast<uint16_t>(authority.size())));
  out += U16(arcount.value_or(static_cast<uint16_t>(additional.size())));
  for (const auto& [name, type] : questions) out += WireName(name) + U16(type) + U16(1);
  for (const Rr& rr : answers) AppendRr(&out, rr);
  for (const Rr& rr : authority) AppendRr(&out, rr);
  for (const Rr& rr : additional) AppendRr(&out, rr);
  return out;
}

Message ResponseTo(const std::string& qname, uint16_t qtype, uint16_t id) {
  Message m;
  m.id = id;
  m.questions.push_back({qname, qtype});
  return m;
}

std::optional<ParsedQuery> ParseQuery(std::string_view b) {
  if (b.size() < 12) return std::nullopt;
  auto u16 = [&](size_t at) {
    return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]));
  };
  ParsedQuery q;
  q.id = u16(0);
  q.flags = u16(2);
  if (u16(4) != 1) return std::nullopt;
  size_t arcount = u16(10);
  size_t pos = 12;
  while (true) {
    if (pos >= b.size()) return std::nullopt;
    size_t len = static_cast<uint8_t>(b[pos]);
    if (len == 0) {
      ++pos;
      break;
    }
    if (len > 63 || pos + 1 + len > b.size()) return std::nullopt;
    if (!q.qname.empty()) q.qname.push_back('.');
    q.qname.append(b.substr(pos + 1, len));
    pos += 1 + len;
  }
  if (pos + 4 > b.size()) return std::nullopt;
  q.qtype = u16(pos);
  pos += 4;
  if (arcount == 1 && pos + 11 <= b.size() && b[pos] == '\0' && u16(pos + 1) == 41) {
    q.has_opt = true;
    q.udp_size = u16(pos + 3);
    q.dnssec_ok = (u16(pos + 7) & 0x8000) != 0;
  }
  return q;
}

std::string ReplyWith(const ParsedQuery& query, Message m) {
  m.id = query.id;
  m.questions = {{query.qname, query.qtype}};
  return m.Encode();
}

// --- FakeDnsServer ---

struct FakeDnsServer::State : std::enable_shared_from_this<FakeDnsServer::State> {
  explicit State(asio::io_context& io) : udp(io), acceptor(io) {}

  void ReceiveUdp() {
    udp.async_receive_from(asio::buffer(buffer), sender,
                           [self = shared_from_this()](const error_code& ec, size_t n) {
                             if (self->closed || ec == asio::error::operation_aborted) return;
                             if (!ec) self->OnUdp(n);
                             self->ReceiveUdp();
                           });
  }

  void OnUdp(size_t n) {
    ++udp_count;
    auto q = ParseQuery(std::string_view(buffer.data(), n));
    if (!q) return;
    Request request{*q, false};
    requests.push_back(request);
    std::optional<std::string> reply = udp_responder(request);
    if (!reply) return;
    error_code ec;
    udp.send_to(asio::buffer(*reply), sender, 0, ec);
  }

  void Accept() {
    acceptor.async_accept([self = shared_from_this()](const error_code& ec,
                                                      asio::ip::tcp::socket socket) {
      if (self->closed || ec == asio::error::operation_aborted) return;
      if (!ec) {
        auto conn = std::make_shared<Conn>(std::move(socket));
        self->conns.push_back(conn);
        self->ReadLength(conn);
      }
      self->Accept();
    });
  }

  struct Conn {
    explicit Conn(asio::ip::tcp::socket s) : socket(std::move(s)) {}
    asio::ip::tcp::socket socket;
    unsigned char length[2] = {0, 0};
    std::string body;
    std::string out;
  };

  void ReadLength(const std::shared_ptr<Conn>& conn) {
    asio::async_read(conn->socket, asio::buffer(conn->length),
                     [self = shared_from_this(), conn](const error_code& ec, size_t) {
                       if (self->closed || ec) return;
                       size_t n = (conn->length[0] << 8) | conn->length[1];
                       conn->body.assign(n, '\0');
                       self->ReadBody(conn);
                     });
  }

  void ReadBody(const std::shared_ptr<Conn>& conn) {
    asio::async_read(conn->socket, asio::buffer(conn->body),
                     [self = shared_from_this(), conn](const error_code& ec, size_t) {
                       if (self->closed || ec) return;
                       ++self->tcp_count;
                       auto q = ParseQuery(conn->body);
                       if (!q) return;
                       Request request{*q, true};
                       self->requests.push_back(request);
                       std::optional<std::string> reply = self->tcp_responder(request);
                       if (!reply) {
                         self->ReadLength(conn);
                         return;
                       }
                       conn->out = U16(static_cast<uint16_t>(reply->size())) + *reply;
                       asio::async_write(conn->socket, asio::buffer(conn->out),
                                         [self, conn](const error_code& ec2, size_t) {
                                           if (self->closed || ec2) return;
                                           self->ReadLength(conn);
                                         });
                     });
  }

  void Close() {
    closed = true;
    error_code ec;
    udp.close(ec);
    acceptor.close(ec);
    for (auto& weak : conns) {
      if (auto c = weak.lock()) c->socket.close(ec);
    }
  }

  asio::ip::udp::socket udp;
  asio::ip::tcp::acceptor acceptor;
  std::array<char, 65536> buffer{};
  asio::ip::udp::endpoint sender;
  std::vector<std::weak_ptr<Conn>> conns;
  Responder udp_responder;
  Responder tcp_responder;
  uint16_t port = 0;
  int udp_count = 0;
  int tcp_count = 0;
  std::vector<Request> requests;
  bool closed = false;
};

FakeDnsServer::FakeDnsServer(asio::io_context& io, Responder udp, Responder tcp)
    : state_(std::make_shared<State>(io)) {
  state_->udp_responder = udp;
  state_->tcp_responder = tcp ? std::move(tcp) : std::move(udp);
  const auto loopback = asio::ip::make_address_v4("127.0.0.1");
  for (int attempt = 0; attempt < 50; ++attempt) {
    error_code ec;
    asio::ip::udp::socket u(io);
    u.open(asio::ip::udp::v4(), ec);
    if (!ec) u.bind({loopback, 0}, ec);
    if (ec) continue;
    uint16_t port = u.local_endpoint(ec).port();
    asio::ip::tcp::acceptor a(io);
    a.open(asio::ip::tcp::v4(), ec);
    if (!ec) a.bind({loopback, port}, ec);
    if (!ec) a.listen(64, ec);
    if (ec) continue;
    state_->udp = std::move(u);
    state_->acceptor = std::move(a);
    state_->port = port;
    break;
  }
  if (state_->port == 0) throw std::runtime_error("cannot bind the fake DNS server");
  state_->ReceiveUdp();
  state_->Accept();
}

FakeDnsServer::~FakeDnsServer() { state_->Close(); }

uint16_t FakeDnsServer::port() const { return state_->port; }
std::string FakeDnsServer::address() const { return "127.0.0.1:" + std::to_string(state_->port); }
int FakeDnsServer::udp_queries() const { return state_->udp_count; }
int FakeDnsServer::tcp_queries() const { return state_->tcp_count; }
std::vector<FakeDnsServer::Request> FakeDnsServer::requests() const { return state_->requests; }

void RunUntil(asio::io_context& io, const std::function<bool()>& done, Millis limit) {
  const auto deadline = Clock::now() + limit;
  io.restart();
  while (!done() && Clock::now() < deadline) io.run_one_for(Millis(50));
}

}  // namespace posture::dnstest
