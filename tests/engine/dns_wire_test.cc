#include "scanner/dns/wire.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/engine/dns_testlib.h"

namespace posture::dns {
namespace {

using dnstest::Message;
using dnstest::ResponseTo;
using dnstest::Rr;
using dnstest::U16;
using dnstest::U32;
using dnstest::WireName;

uint16_t At16(const std::string& b, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]));
}

// --- BuildQuery ---

TEST(DnsWireTest, BuildsQueryWithEdnsDoAndAdBits) {
  std::string q = BuildQuery("Example.FR", dns_type::kMx, 0xbeef);
  // Header (12) + name (12) + type/class (4) + OPT (11).
  ASSERT_EQ(q.size(), 12u + 12u + 4u + 11u);
  EXPECT_EQ(At16(q, 0), 0xbeef);
  uint16_t flags = At16(q, 2);
  EXPECT_EQ(flags & 0x8000, 0);       // query
  EXPECT_EQ((flags >> 11) & 0xf, 0);  // opcode QUERY
  EXPECT_NE(flags & 0x0100, 0);       // RD
  EXPECT_NE(flags & 0x0020, 0);       // AD
  EXPECT_EQ(At16(q, 4), 1);           // QDCOUNT
  EXPECT_EQ(At16(q, 6), 0);
  EXPECT_EQ(At16(q, 8), 0);
  EXPECT_EQ(At16(q, 10), 1);  // ARCOUNT: the OPT record
  EXPECT_EQ(q.substr(12, 12), std::string("\x07" "Example" "\x02" "FR" "\x00", 12));
  EXPECT_EQ(At16(q, 24), dns_type::kMx);
  EXPECT_EQ(At16(q, 26), 1);  // IN
  // OPT: root owner, type 41, class = payload size, TTL with DO, rdlen 0.
  EXPECT_EQ(q[28], '\0');
  EXPECT_EQ(At16(q, 29), 41);
  EXPECT_EQ(At16(q, 31), 1232);
  EXPECT_EQ(At16(q, 33), 0);       // extended rcode, version
  EXPECT_EQ(At16(q, 35), 0x8000);  // DO
  EXPECT_EQ(At16(q, 37), 0);
}

TEST(DnsWireTest, QueryOptionsControlBitsAndEdns) {
  QueryOptions options;
  options.recursion_desired = false;
  options.authentic_data = false;
  options.dnssec_ok = false;
  options.edns_udp_size = 512;
  std::string q = BuildQuery("example.fr", dns_type::kA, 1, options);
  EXPECT_EQ(At16(q, 2), 0);
  EXPECT_EQ(At16(q, 31), 512);
  EXPECT_EQ(At16(q, 35), 0);

  options.edns = false;
  q = BuildQuery("example.fr", dns_type::kA, 1, options);
  EXPECT_EQ(q.size(), 12u + 12u + 4u);
  EXPECT_EQ(At16(q, 10), 0);
}

TEST(DnsWireTest, TrailingDotAndRoot) {
  EXPECT_EQ(BuildQuery("example.fr.", 1, 7), BuildQuery("example.fr", 1, 7));
  std::string root = BuildQuery(".", dns_type::kDnskey, 7);
  ASSERT_FALSE(root.empty());
  EXPECT_EQ(root[12], '\0');
  EXPECT_EQ(At16(root, 13), dns_type::kDnskey);
}

TEST(DnsWireTest, RejectsInvalidNames) {
  EXPECT_EQ(BuildQuery("", 1, 1), "");
  EXPECT_EQ(BuildQuery("a..b", 1, 1), "");
  EXPECT_EQ(BuildQuery(".a", 1, 1), "");
  EXPECT_EQ(BuildQuery("a b.fr", 1, 1), "");
  EXPECT_EQ(BuildQuery("caf\xc3\xa9.fr", 1, 1), "");  // IDN must be A-labels
  EXPECT_EQ(BuildQuery("a\\", 1, 1), "");
  EXPECT_EQ(BuildQuery("a\\25", 1, 1), "");
  EXPECT_EQ(BuildQuery("a\\256", 1, 1), "");
  std::string label63(63, 'a');
  std::string label64(64, 'a');
  EXPECT_NE(BuildQuery(label63 + ".fr", 1, 1), "");
  EXPECT_EQ(BuildQuery(label64 + ".fr", 1, 1), "");
  // 3 * 64 + 62 + 1 = 255 bytes on the wire: the longest name; one more fails.
  std::string longest = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  EXPECT_NE(BuildQuery(longest, 1, 1), "");
  EXPECT_EQ(BuildQuery(longest + "b", 1, 1), "");
}

TEST(DnsWireTest, EscapesInNames) {
  std::string q = BuildQuery("a\\.b\\032c.fr", 1, 1);
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(q.substr(12, 10), std::string("\x05" "a.b c" "\x02" "fr" "\x00", 10));
  EXPECT_EQ(CanonicalName("A\\.B\\032C.FR."), "a\\.b\\032c.fr");
  EXPECT_EQ(CanonicalName("Example.FR."), "example.fr");
  EXPECT_EQ(CanonicalName("."), ".");
  EXPECT_EQ(CanonicalName("a..b"), "");
  EXPECT_TRUE(IsValidName("_dmarc.example.fr"));
  EXPECT_FALSE(IsValidName("exa mple.fr"));
}

// --- ParseResponse: presentation forms ---

DnsResult ParseOne(uint16_t type, const std::string& rdata, const std::string& owner = "example.fr") {
  Message m = ResponseTo("example.fr", type);
  m.answers.push_back(Rr{owner, type, rdata});
  return ParseResponse(m.Encode(), "example.fr", type);
}

std::string DataOf(uint16_t type, const std::string& rdata) {
  DnsResult r = ParseOne(type, rdata);
  EXPECT_EQ(r.status, ProbeStatus::kOk) << r.error;
  if (r.records.size() != 1) return "<" + std::to_string(r.records.size()) + " records>";
  return r.records[0].data;
}

TEST(DnsWireTest, ARecord) {
  Message m = ResponseTo("Example.FR.", dns_type::kA);
  m.answers.push_back(Rr{"EXAMPLE.fr", dns_type::kA, dnstest::RdA("192.0.2.1"), 3600});
  m.answers.push_back(Rr{"example.fr", dns_type::kA, dnstest::RdA("198.51.100.7"), 3600});
  DnsResult r = ParseResponse(m.Encode(), "example.FR", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  EXPECT_EQ(r.name, "example.fr");
  EXPECT_EQ(r.type, dns_type::kA);
  EXPECT_EQ(r.rcode, 0);
  EXPECT_FALSE(r.authenticated);
  EXPECT_FALSE(r.signed_answer);
  EXPECT_FALSE(r.truncated);
  EXPECT_TRUE(r.cname_chain.empty());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].data, "192.0.2.1");
  EXPECT_EQ(r.records[0].ttl, 3600u);
  EXPECT_EQ(r.records[0].owner, "example.fr");
  EXPECT_EQ(r.records[0].type, dns_type::kA);
  EXPECT_EQ(r.records[1].data, "198.51.100.7");
  EXPECT_TRUE(r.error.empty());
}

TEST(DnsWireTest, AaaaIsRfc5952) {
  auto aaaa = [](const char* text) { return DataOf(dns_type::kAaaa, dnstest::RdAaaa(text)); };
  EXPECT_EQ(aaaa("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  EXPECT_EQ(aaaa("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  EXPECT_EQ(aaaa("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");  // one zero group stays
  EXPECT_EQ(aaaa("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");          // the longest run
  EXPECT_EQ(aaaa("1:0:0:2:0:0:3:4"), "1::2:0:0:3:4");              // the first on a tie
  EXPECT_EQ(aaaa("::"), "::");
  EXPECT_EQ(aaaa("::1"), "::1");
  EXPECT_EQ(aaaa("fe80::"), "fe80::");
  EXPECT_EQ(aaaa("2001:DB8:ABCD:12::FFFF"), "2001:db8:abcd:12::ffff");
  EXPECT_EQ(aaaa("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
}

TEST(DnsWireTest, NameTypesAreAbsoluteLowerCase) {
  EXPECT_EQ(DataOf(dns_type::kNs, dnstest::RdName("NS1.Provider.NET")), "ns1.provider.net.");
  EXPECT_EQ(DataOf(dns_type::kPtr, dnstest::RdName("host.example.fr")), "host.example.fr.");
  // Asking for CNAME itself: the record, not the chain.
  Message m = ResponseTo("www.example.fr", dns_type::kCname);
  m.answers.push_back(Rr{"www.example.fr", dns_type::kCname, dnstest::RdName("Web.Host.Example")});
  DnsResult r = ParseResponse(m.Encode(), "www.example.fr", dns_type::kCname);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].data, "web.host.example.");
  EXPECT_TRUE(r.cname_chain.empty());
}

TEST(DnsWireTest, MxRecord) {
  EXPECT_EQ(DataOf(dns_type::kMx, dnstest::RdMx(10, "MX.Example.FR")), "10 mx.example.fr.");
  EXPECT_EQ(DataOf(dns_type::kMx, dnstest::RdMx(0, ".")), "0 .");  // null MX (RFC 7505)
}

TEST(DnsWireTest, TxtStringsQuotedAndKeptVerbatim) {
  DnsResult r = ParseOne(dns_type::kTxt,
                         dnstest::RdTxt({"v=spf1 include:_spf.example.fr ", "-all"}));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].data, "\"v=spf1 include:_spf.example.fr \" \"-all\"");
  ASSERT_EQ(r.records[0].strings.size(), 2u);
  EXPECT_EQ(r.records[0].strings[0], "v=spf1 include:_spf.example.fr ");
  EXPECT_EQ(r.records[0].strings[1], "-all");

  std::string odd = std::string("a\"b\\c") + '\x01' + "\xe9" + '\x7f' + std::string(1, '\0');
  r = ParseOne(dns_type::kTxt, dnstest::RdTxt({odd, ""}));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].data, "\"a\\\"b\\\\c\\001\\233\\127\\000\" \"\"");
  ASSERT_EQ(r.records[0].strings.size(), 2u);
  EXPECT_EQ(r.records[0].strings[0], odd);
  EXPECT_EQ(r.records[0].strings[1], "");
}

TEST(DnsWireTest, SoaRecord) {
  EXPECT_EQ(DataOf(dns_type::kSoa, dnstest::RdSoa("ns1.example.fr", "hostmaster.example.fr",
                                                  2024010101, 7200, 3600, 1209600, 300)),
            "ns1.example.fr. hostmaster.example.fr. 2024010101 7200 3600 1209600 300");
}

TEST(DnsWireTest, CaaRecord) {
  EXPECT_EQ(DataOf(dns_type::kCaa, dnstest::RdCaa(0, "issue", "letsencrypt.org")),
            "0 issue \"letsencrypt.org\"");
  EXPECT_EQ(DataOf(dns_type::kCaa, dnstest::RdCaa(128, "iodef", "mailto:x@example.fr")),
            "128 iodef \"mailto:x@example.fr\"");
  EXPECT_EQ(DataOf(dns_type::kCaa, dnstest::RdCaa(0, "issue", "")), "0 issue \"\"");
  EXPECT_EQ(DataOf(dns_type::kCaa, dnstest::RdCaa(0, "is sue", "a\"b")),
            "0 is\\032sue \"a\\\"b\"");
}

TEST(DnsWireTest, DaneAndDnssecRecords) {
  EXPECT_EQ(DataOf(dns_type::kTlsa, dnstest::RdTlsa(3, 1, 1, "\xAB\xcd\x01")), "3 1 1 abcd01");
  EXPECT_EQ(DataOf(dns_type::kDs, dnstest::RdDs(2371, 13, 2, "\x12\x34")), "2371 13 2 1234");
  EXPECT_EQ(DataOf(dns_type::kDnskey, dnstest::RdDnskey(257, 3, 13, "\x01\x02\x03\x04\x05")),
            "257 3 13 AQIDBAU=");
  EXPECT_EQ(DataOf(dns_type::kDnskey, dnstest::RdDnskey(256, 3, 8, "\x01")), "256 3 8 AQ==");
  EXPECT_EQ(DataOf(dns_type::kDnskey, dnstest::RdDnskey(256, 3, 8, "\x01\x02")), "256 3 8 AQI=");
  EXPECT_EQ(DataOf(dns_type::kDnskey, dnstest::RdDnskey(256, 3, 8, "\x01\x02\x03")),
            "256 3 8 AQID");
  EXPECT_EQ(DataOf(dns_type::kRrsig, dnstest::RdRrsig(dns_type::kA, 13, 2, 300, 1767225600,
                                                      1764592205, 2371, "Example.FR",
                                                      "\x01\x02\x03")),
            "A 13 2 300 20260101000000 20251201123005 2371 example.fr. AQID");
}

TEST(DnsWireTest, UnknownTypesAsRfc3597) {
  EXPECT_EQ(DataOf(65280, "\xab\xcd\xef"), "\\# 3 abcdef");
  EXPECT_EQ(DataOf(65280, ""), "\\# 0");
}

// --- Status, flags, CNAME chain ---

TEST(DnsWireTest, CnameChainIsFollowed) {
  Message m = ResponseTo("www.example.fr", dns_type::kA);
  m.answers.push_back(Rr{"www.example.fr", dns_type::kCname, dnstest::RdName("A.CDN.example")});
  m.answers.push_back(Rr{"a.cdn.example", dns_type::kCname, dnstest::RdName("b.cdn.example")});
  m.answers.push_back(Rr{"b.cdn.example", dns_type::kA, dnstest::RdA("192.0.2.10")});
  m.answers.push_back(Rr{"other.example", dns_type::kA, dnstest::RdA("192.0.2.99")});  // stray
  DnsResult r = ParseResponse(m.Encode(), "www.example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  EXPECT_EQ(r.name, "www.example.fr");
  EXPECT_EQ(r.cname_chain, (std::vector<std::string>{"a.cdn.example", "b.cdn.example"}));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].data, "192.0.2.10");
  EXPECT_EQ(r.records[0].owner, "b.cdn.example");
}

TEST(DnsWireTest, RecordsAtQnameIgnoredWhenItIsAnAlias) {
  // Only the records at the end of the chain count.
  Message m = ResponseTo("www.example.fr", dns_type::kA);
  m.answers.push_back(Rr{"www.example.fr", dns_type::kCname, dnstest::RdName("t.example")});
  DnsResult r = ParseResponse(m.Encode(), "www.example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kNoData);
  EXPECT_EQ(r.cname_chain, (std::vector<std::string>{"t.example"}));
}

TEST(DnsWireTest, CnameThenNxdomainIsNxdomain) {
  Message m = ResponseTo("www.example.fr", dns_type::kA);
  m.rcode = 3;
  m.answers.push_back(Rr{"www.example.fr", dns_type::kCname, dnstest::RdName("gone.example")});
  DnsResult r = ParseResponse(m.Encode(), "www.example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kNxDomain);
  EXPECT_EQ(r.rcode, 3);
  EXPECT_EQ(r.cname_chain, (std::vector<std::string>{"gone.example"}));
  EXPECT_TRUE(r.records.empty());
}

TEST(DnsWireTest, RcodesMapToStatuses) {
  auto with_rcode = [](int rcode) {
    Message m = ResponseTo("example.fr", dns_type::kTxt);
    m.rcode = rcode;
    return ParseResponse(m.Encode(), "example.fr", dns_type::kTxt);
  };
  EXPECT_EQ(with_rcode(0).status, ProbeStatus::kNoData);
  EXPECT_EQ(with_rcode(3).status, ProbeStatus::kNxDomain);
  EXPECT_EQ(with_rcode(2).status, ProbeStatus::kServFail);
  EXPECT_EQ(with_rcode(5).status, ProbeStatus::kRefused);
  DnsResult formerr = with_rcode(1);
  EXPECT_EQ(formerr.status, ProbeStatus::kDnsError);
  EXPECT_EQ(formerr.rcode, 1);
  EXPECT_FALSE(formerr.error.empty());
  EXPECT_EQ(with_rcode(4).status, ProbeStatus::kDnsError);
}

TEST(DnsWireTest, ExtendedRcodeFromOpt) {
  Message m = ResponseTo("example.fr", dns_type::kA);
  m.additional.push_back(Rr{".", 41, "", /*ttl=*/0x01000000, /*klass=*/1232});  // BADVERS
  DnsResult r = ParseResponse(m.Encode(), "example.fr", dns_type::kA);
  EXPECT_EQ(r.rcode, 16);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
}

TEST(DnsWireTest, AdAndTcBits) {
  Message m = ResponseTo("example.fr", dns_type::kA);
  m.ad = true;
  m.answers.push_back(Rr{"example.fr", dns_type::kA, dnstest::RdA("192.0.2.1")});
  DnsResult r = ParseResponse(m.Encode(), "example.fr", dns_type::kA);
  EXPECT_TRUE(r.authenticated);
  EXPECT_FALSE(r.truncated);
  m.ad = false;
  m.tc = true;
  r = ParseResponse(m.Encode(), "example.fr", dns_type::kA);
  EXPECT_FALSE(r.authenticated);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
}

TEST(DnsWireTest, RrsigCoveringQtypeAtFinalOwner) {
  const std::string sig = dnstest::RdRrsig(dns_type::kDnskey, 13, 2, 3600, 1767225600,
                                           1764592205, 1, "example.fr", "sig");
  Message m = ResponseTo("example.fr", dns_type::kDnskey);
  m.answers.push_back(Rr{"example.fr", dns_type::kDnskey, dnstest::RdDnskey(257, 3, 13, "k")});
  m.answers.push_back(Rr{"example.fr", dns_type::kRrsig, sig});
  DnsResult r = ParseResponse(m.Encode(), "example.fr", dns_type::kDnskey);
  EXPECT_TRUE(r.signed_answer);
  ASSERT_EQ(r.records.size(), 1u);  // RRSIGs are not kept as records
  EXPECT_EQ(r.records[0].type, dns_type::kDnskey);

  // An RRSIG covering another type, or at another owner, does not count.
  Message other = ResponseTo("example.fr", dns_type::kDnskey);
  other.answers.push_back(Rr{"example.fr", dns_type::kDnskey, dnstest::RdDnskey(257, 3, 13, "k")});
  other.answers.push_back(Rr{"example.fr", dns_type::kRrsig,
                             dnstest::RdRrsig(dns_type::kA, 13, 2, 1, 2, 3, 4, "example.fr", "s")});
  other.answers.push_back(Rr{"elsewhere.fr", dns_type::kRrsig, sig});
  EXPECT_FALSE(ParseResponse(other.Encode(), "example.fr", dns_type::kDnskey).signed_answer);

  // Through a CNAME: the signature at the target counts.
  Message chain = ResponseTo("www.example.fr", dns_type::kA);
  chain.answers.push_back(Rr{"www.example.fr", dns_type::kCname, dnstest::RdName("t.example.fr")});
  chain.answers.push_back(Rr{"www.example.fr", dns_type::kRrsig,
                             dnstest::RdRrsig(dns_type::kCname, 13, 3, 1, 2, 3, 4, "example.fr", "s")});
  chain.answers.push_back(Rr{"t.example.fr", dns_type::kA, dnstest::RdA("192.0.2.1")});
  chain.answers.push_back(Rr{"t.example.fr", dns_type::kRrsig,
                             dnstest::RdRrsig(dns_type::kA, 13, 3, 1, 2, 3, 4, "example.fr", "s")});
  EXPECT_TRUE(ParseResponse(chain.Encode(), "www.example.fr", dns_type::kA).signed_answer);
}

TEST(DnsWireTest, OtherClassesIgnored) {
  Message m = ResponseTo("example.fr", dns_type::kTxt);
  m.answers.push_back(Rr{"example.fr", dns_type::kTxt, dnstest::RdTxt({"chaos"}), 0, /*klass=*/3});
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kTxt).status, ProbeStatus::kNoData);
}

// --- The message must answer our question ---

TEST(DnsWireTest, QuestionMustMatch) {
  Message m = ResponseTo("EXAMPLE.fr", dns_type::kA);  // case differs: fine
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kA).status, ProbeStatus::kNoData);
  EXPECT_EQ(ParseResponse(m.Encode(), "example.com", dns_type::kA).status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kAaaa).status,
            ProbeStatus::kDnsError);

  Message two = ResponseTo("example.fr", dns_type::kA);
  two.questions.push_back({"example.fr", dns_type::kA});
  EXPECT_EQ(ParseResponse(two.Encode(), "example.fr", dns_type::kA).status, ProbeStatus::kDnsError);

  Message none = ResponseTo("example.fr", dns_type::kA);
  none.questions.clear();
  EXPECT_EQ(ParseResponse(none.Encode(), "example.fr", dns_type::kA).status,
            ProbeStatus::kDnsError);
  none.rcode = 5;  // REFUSED without a question is common
  EXPECT_EQ(ParseResponse(none.Encode(), "example.fr", dns_type::kA).status, ProbeStatus::kRefused);
}

TEST(DnsWireTest, IdMustMatchWhenGiven) {
  Message m = ResponseTo("example.fr", dns_type::kA, 0x4242);
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kA, {}, 0x4242).status,
            ProbeStatus::kNoData);
  DnsResult r = ParseResponse(m.Encode(), "example.fr", dns_type::kA, {}, 0x4243);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
  EXPECT_FALSE(r.error.empty());
}

TEST(DnsWireTest, NotAResponse) {
  Message m = ResponseTo("example.fr", dns_type::kA);
  m.qr = false;
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kA).status, ProbeStatus::kDnsError);
  m.qr = true;
  m.opcode = 4;  // NOTIFY
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kA).status, ProbeStatus::kDnsError);
}

// --- Compression ---

// Header + question "example.fr" A (the question name is at offset 12; the
// answer section starts at 28).
std::string HeaderAndQuestion(uint16_t ancount, uint16_t qtype = dns_type::kA) {
  return U16(0x1234) + U16(0x8180) + U16(1) + U16(ancount) + U16(0) + U16(0) +
         WireName("example.fr") + U16(qtype) + U16(1);
}

TEST(DnsWireTest, CompressedNamesAreExpanded) {
  std::string msg = HeaderAndQuestion(1, dns_type::kMx);
  // owner: pointer to the question name; MX rdata: 10, "mail" + pointer.
  std::string rdata = U16(10) + "\x04mail" + "\xc0\x0c";
  msg += std::string("\xc0\x0c") + U16(dns_type::kMx) + U16(1) + U32(60) +
         U16(static_cast<uint16_t>(rdata.size())) + rdata;
  DnsResult r = ParseResponse(msg, "example.fr", dns_type::kMx);
  EXPECT_EQ(r.status, ProbeStatus::kOk) << r.error;
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].data, "10 mail.example.fr.");
  EXPECT_EQ(r.records[0].owner, "example.fr");
}

TEST(DnsWireTest, OddBytesInNamesAreEscaped) {
  std::string msg = HeaderAndQuestion(2);
  std::string target = std::string("\x05" "a.b c", 6) + "\xc0\x0c";  // "a\.b\032c.example.fr"
  msg += std::string("\xc0\x0c") + U16(dns_type::kCname) + U16(1) + U32(60) +
         U16(static_cast<uint16_t>(target.size())) + target;
  size_t target_offset = 28 + 12;  // owner 2 + fixed 10
  msg += std::string(1, '\xc0') + std::string(1, static_cast<char>(target_offset)) +
         U16(dns_type::kA) + U16(1) + U32(60) + U16(4) + dnstest::RdA("192.0.2.5");
  DnsResult r = ParseResponse(msg, "example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kOk) << r.error;
  EXPECT_EQ(r.cname_chain, (std::vector<std::string>{"a\\.b\\032c.example.fr"}));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].owner, "a\\.b\\032c.example.fr");
}

// --- Hostile input: kDnsError with a reason, never a crash ---

void ExpectDnsError(const std::string& msg, uint16_t qtype = dns_type::kA) {
  DnsResult r = ParseResponse(msg, "example.fr", qtype);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
  EXPECT_FALSE(r.error.empty());
  EXPECT_TRUE(r.records.empty());
}

std::string RrWithOwner(const std::string& owner_bytes, uint16_t type, const std::string& rdata) {
  return owner_bytes + U16(type) + U16(1) + U32(60) + U16(static_cast<uint16_t>(rdata.size())) +
         rdata;
}

TEST(DnsWireTest, HostileShortMessages) {
  ExpectDnsError("");
  ExpectDnsError(std::string(11, '\x80'));
  ExpectDnsError(U16(0x1234) + U16(0x8180) + U16(1) + U16(0) + U16(0) + U16(0));  // no question
  ExpectDnsError(HeaderAndQuestion(0).substr(0, 20));  // cut in the question
}

TEST(DnsWireTest, HostileCompressionPointerLoops) {
  // Pointer to itself (offset 28).
  ExpectDnsError(HeaderAndQuestion(1) + RrWithOwner("\xc0\x1c", 1, dnstest::RdA("192.0.2.1")));
  // A label then a pointer back to that label: a loop without moving back.
  ExpectDnsError(HeaderAndQuestion(1) + RrWithOwner("\x01" "a\xc0\x1c", 1, dnstest::RdA("192.0.2.1")));
  // Forward pointer and pointer beyond the message.
  ExpectDnsError(HeaderAndQuestion(1) + RrWithOwner("\xc0\x30", 1, dnstest::RdA("192.0.2.1")));
  ExpectDnsError(HeaderAndQuestion(1) + RrWithOwner("\xff\xff", 1, dnstest::RdA("192.0.2.1")));
  // Pointer cut in half at the end of the message.
  ExpectDnsError(HeaderAndQuestion(1) + "\xc0");
  // A loop inside RDATA (CNAME target pointing to itself).
  std::string msg = HeaderAndQuestion(1);
  size_t rdata_at = msg.size() + 2 + 10;
  std::string self_ptr = std::string(1, '\xc0') + std::string(1, static_cast<char>(rdata_at));
  ExpectDnsError(msg + RrWithOwner("\xc0\x0c", dns_type::kCname, self_ptr));
}

TEST(DnsWireTest, HostileLabelsAndLongNames) {
  // 0x40 and 0x80 label types (extended / reserved) are not accepted: no
  // label can claim more than 63 bytes.
  ExpectDnsError(HeaderAndQuestion(1) + RrWithOwner(std::string("\x40") + std::string(64, 'a') + '\0',
                                                    1, dnstest::RdA("192.0.2.1")));
  ExpectDnsError(HeaderAndQuestion(1) + RrWithOwner("\x80\x01", 1, dnstest::RdA("192.0.2.1")));
  // Names made longer than 255 bytes through a chain of backward pointers.
  std::string msg = HeaderAndQuestion(4);
  size_t previous = 12;
  for (int i = 0; i < 4; ++i) {
    size_t here = msg.size();
    std::string owner = std::string(1, '\x3f') + std::string(63, 'x') + '\xc0' +
                        std::string(1, static_cast<char>(previous));
    // previous must fit in one byte for this construction
    ASSERT_LT(previous, 256u);
    msg += RrWithOwner(owner, 1, dnstest::RdA("192.0.2.1"));
    previous = here;
  }
  DnsResult r = ParseResponse(msg, "example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
  EXPECT_NE(r.error.find("255"), std::string::npos) << r.error;
}

TEST(DnsWireTest, HostileCountsThatLie) {
  Message m = ResponseTo("example.fr", dns_type::kA);
  m.answers.push_back(Rr{"example.fr", dns_type::kA, dnstest::RdA("192.0.2.1")});
  m.ancount = 3;
  ExpectDnsError(m.Encode());
  m.ancount = 65535;
  ExpectDnsError(m.Encode());
  // Lies in the additional section do not spoil a good answer.
  m.ancount.reset();
  m.arcount = 50;
  EXPECT_EQ(ParseResponse(m.Encode(), "example.fr", dns_type::kA).status, ProbeStatus::kOk);
}

TEST(DnsWireTest, HostileRdata) {
  // Wrong sizes for fixed-size types.
  EXPECT_EQ(ParseOne(dns_type::kA, "\x01\x02\x03").status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kAaaa, std::string(15, '\0')).status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kMx, "\x00").status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kSoa, dnstest::RdSoa("a", "b", 1, 2, 3, 4, 5).substr(0, 20)).status,
            ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kCaa, std::string("\x00\x09issue", 7)).status,
            ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kCaa, std::string("\x00\x00", 2)).status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kTlsa, "\x03\x01").status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kDnskey, "\x01\x01\x03").status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kDs, "\x01").status, ProbeStatus::kDnsError);
  EXPECT_EQ(ParseOne(dns_type::kRrsig, std::string(17, '\0')).status, ProbeStatus::kDnsError);
  // A TXT string claiming more bytes than its record holds.
  EXPECT_EQ(ParseOne(dns_type::kTxt, "\x05" "abc").status, ProbeStatus::kDnsError);
  // A name in RDATA running past the record (into the next bytes).
  EXPECT_EQ(ParseOne(dns_type::kNs, "\x03" "abc").status, ProbeStatus::kDnsError);
  // Trailing bytes after a name.
  EXPECT_EQ(ParseOne(dns_type::kCname, dnstest::RdName("a.fr") + "x").status,
            ProbeStatus::kDnsError);

  // RDLENGTH beyond the end of the message.
  std::string msg = HeaderAndQuestion(1) + std::string("\xc0\x0c") + U16(1) + U16(1) + U32(60) +
                    U16(100) + dnstest::RdA("192.0.2.1");
  ExpectDnsError(msg);
  // Record header cut.
  ExpectDnsError(HeaderAndQuestion(1) + std::string("\xc0\x0c") + U16(1) + U16(1));
}

TEST(DnsWireTest, HostileCnameLoopsAndLongChains) {
  Message loop = ResponseTo("a.example", dns_type::kA);
  loop.questions = {{"example.fr", dns_type::kA}};
  loop.answers.push_back(Rr{"example.fr", dns_type::kCname, dnstest::RdName("b.example")});
  loop.answers.push_back(Rr{"b.example", dns_type::kCname, dnstest::RdName("c.example")});
  loop.answers.push_back(Rr{"c.example", dns_type::kCname, dnstest::RdName("Example.FR")});
  DnsResult r = ParseResponse(loop.Encode(), "example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
  EXPECT_NE(r.error.find("loop"), std::string::npos);

  Message chain = ResponseTo("example.fr", dns_type::kA);
  std::string from = "example.fr";
  for (int i = 0; i < 40; ++i) {
    std::string to = "c" + std::to_string(i) + ".example";
    chain.answers.push_back(Rr{from, dns_type::kCname, dnstest::RdName(to)});
    from = to;
  }
  chain.answers.push_back(Rr{from, dns_type::kA, dnstest::RdA("192.0.2.1")});
  r = ParseResponse(chain.Encode(), "example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kDnsError);
}

TEST(DnsWireTest, ManyTxtStrings) {
  std::vector<std::string> strings(500, "x");
  DnsResult r = ParseOne(dns_type::kTxt, dnstest::RdTxt(strings));
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].strings.size(), 500u);
  EXPECT_FALSE(r.truncated);

  ParseLimits limits;
  limits.max_txt_strings = 100;
  Message m = ResponseTo("example.fr", dns_type::kTxt);
  m.answers.push_back(Rr{"example.fr", dns_type::kTxt, dnstest::RdTxt(strings)});
  r = ParseResponse(m.Encode(), "example.fr", dns_type::kTxt, limits);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].strings.size(), 100u);
  EXPECT_TRUE(r.truncated);

  // 65535 bytes of RDATA: thousands of empty strings, bounded by the limit.
  std::string rdata(65535 - 200, '\0');
  m.answers = {Rr{"example.fr", dns_type::kTxt, rdata}};
  r = ParseResponse(m.Encode(), "example.fr", dns_type::kTxt);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].strings.size(), 512u);
  EXPECT_TRUE(r.truncated);
}

TEST(DnsWireTest, HugeAnswersAreCapped) {
  // ~3000 compressed A records (16 bytes each): a 48 KB message.
  std::string msg = HeaderAndQuestion(3000);
  for (int i = 0; i < 3000; ++i) {
    msg += RrWithOwner("\xc0\x0c", 1, U32(0xc0000200u + static_cast<uint32_t>(i)));
  }
  DnsResult r = ParseResponse(msg, "example.fr", dns_type::kA);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  EXPECT_EQ(r.records.size(), 512u);
  EXPECT_TRUE(r.truncated);

  ParseLimits limits;
  limits.max_total_bytes = 100;  // about 10 addresses
  r = ParseResponse(msg, "example.fr", dns_type::kA, limits);
  EXPECT_EQ(r.status, ProbeStatus::kOk);
  EXPECT_LE(r.records.size(), 12u);
  EXPECT_GE(r.records.size(), 5u);
  EXPECT_TRUE(r.truncated);
}

TEST(DnsWireTest, RandomGarbageAndMutationsNeverCrash) {
  // For each type, a valid answer holding a CNAME and records of every type
  // at its target; mutations then hit every RDATA formatter.
  const uint16_t types[] = {dns_type::kA,   dns_type::kAaaa,  dns_type::kMx,   dns_type::kTxt,
                            dns_type::kSoa, dns_type::kCaa,   dns_type::kTlsa, dns_type::kDnskey,
                            dns_type::kDs,  dns_type::kRrsig, dns_type::kNs,   65280};
  std::vector<Rr> records = {
      Rr{"www.example.fr", dns_type::kCname, dnstest::RdName("t.example.fr")},
      Rr{"t.example.fr", dns_type::kA, dnstest::RdA("192.0.2.1")},
      Rr{"t.example.fr", dns_type::kAaaa, dnstest::RdAaaa("2001:db8::1")},
      Rr{"t.example.fr", dns_type::kMx, dnstest::RdMx(1, "mx.example.fr")},
      Rr{"t.example.fr", dns_type::kTxt, dnstest::RdTxt({"v=spf1", "-all"})},
      Rr{"t.example.fr", dns_type::kSoa, dnstest::RdSoa("a.fr", "b.fr", 1, 2, 3, 4, 5)},
      Rr{"t.example.fr", dns_type::kCaa, dnstest::RdCaa(0, "issue", "ca.example")},
      Rr{"t.example.fr", dns_type::kTlsa, dnstest::RdTlsa(3, 1, 1, "\x01\x02")},
      Rr{"t.example.fr", dns_type::kDnskey, dnstest::RdDnskey(257, 3, 13, "key")},
      Rr{"t.example.fr", dns_type::kDs, dnstest::RdDs(1, 13, 2, "\x01")},
      Rr{"t.example.fr", dns_type::kRrsig,
         dnstest::RdRrsig(dns_type::kTxt, 13, 3, 1, 2, 3, 4, "example.fr", "s")},
      Rr{"t.example.fr", dns_type::kNs, dnstest::RdName("ns.example.fr")},
      Rr{"t.example.fr", 65280, "\x01\x02"},
  };
  std::vector<std::string> valid;
  for (uint16_t type : types) {
    Message m = ResponseTo("www.example.fr", type);
    m.answers = records;
    valid.push_back(m.Encode());
    ASSERT_EQ(ParseResponse(valid.back(), "www.example.fr", type).status, ProbeStatus::kOk)
        << DnsTypeName(type);
  }

  std::mt19937 rng(20240611);
  int ok = 0;
  for (int i = 0; i < 24000; ++i) {
    size_t which = static_cast<size_t>(i) % valid.size();
    std::string msg = valid[which];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && msg.size() > 12; ++e) {
      size_t at = 12 + rng() % (msg.size() - 12);
      switch (rng() % 4) {
        case 0: msg[at] = static_cast<char>(rng()); break;
        case 1: msg[at] = static_cast<char>(0xc0 | (rng() & 0x3f)); break;
        case 2: msg.resize(at); break;
        default: msg.insert(at, 1, static_cast<char>(rng())); break;
      }
    }
    DnsResult r = ParseResponse(msg, "www.example.fr", types[which]);
    EXPECT_TRUE(r.status == ProbeStatus::kOk || r.status == ProbeStatus::kNoData ||
                r.status == ProbeStatus::kDnsError);
    if (r.status == ProbeStatus::kDnsError) {
      EXPECT_FALSE(r.error.empty());
    }
    if (r.status == ProbeStatus::kOk) ++ok;
  }
  EXPECT_GT(ok, 1000);  // many mutations leave a parseable answer

  for (int i = 0; i < 5000; ++i) {
    std::string msg(rng() % 600, '\0');
    for (char& c : msg) c = static_cast<char>(rng());
    if (msg.size() >= 4) msg[2] = static_cast<char>(msg[2] | 0x80);  // QR set
    DnsResult r = ParseResponse(msg, "www.example.fr", dns_type::kA);
    EXPECT_NE(r.status, ProbeStatus::kOk);
  }
}

}  // namespace
}  // namespace posture::dns
