// Certificate inspection: turns the chain a server presented into CertInfo
// values (names, validity, keys, fingerprints), verifies it against the
// system trust store plus an optional extra CA file, and checks the leaf
// against a host name. Nothing here touches the network.
//
// Trust stores are built once per CA file and shared (an X509_STORE is
// thread-safe for verification once loaded). Verification uses a fresh
// X509_STORE_CTX each time with the presented chain as untrusted
// intermediates and the "ssl_server" purpose, like a browser without
// revocation checks.
//
// Thread-safety: all functions are thread-safe.
#pragma once

#include <openssl/x509.h>

#include <optional>
#include <string>

#include "checks/observations.h"

namespace posture::tls {

// Caps on what one certificate contributes to the observations.
inline constexpr size_t kMaxSanEntries = 1000;
inline constexpr size_t kMaxChainRecorded = 16;

CertInfo DescribeCertificate(X509* cert);

struct VerifyOutcome {
  long code = -1;      // X509_V_OK (0) when trusted
  std::string error;   // X509_verify_cert_error_string(code)
};

// Verifies `chain` (leaf first, as presented) against the system store and
// `ca_file` (PEM, may be empty) at `at` (now when unset).
VerifyOutcome VerifyChain(STACK_OF(X509)* chain, const std::string& ca_file,
                          std::optional<UnixSeconds> at);

// True if the leaf is valid for `name` (a DNS name or an IP literal).
// Wildcards only as a whole left-most label.
bool HostnameMatches(X509* leaf, const std::string& name);

// Loads (once) the trust store for `ca_file`; false with `error` set when the
// file cannot be read. VerifyChain falls back to the system store alone.
bool LoadTrustStore(const std::string& ca_file, std::string* error);

}  // namespace posture::tls
