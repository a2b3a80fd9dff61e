#include "checks/parse/csp.h"

#include <gtest/gtest.h>

namespace posture {
namespace {

TEST(ParseCspTest, DirectivesLowerCasedFirstDuplicateWins) {
  auto ps = ParseCspHeader("Default-Src 'self'; SCRIPT-SRC https://a.example; script-src *;;");
  ASSERT_EQ(ps.size(), 1u);
  ASSERT_NE(ps[0].Find("script-src"), nullptr);
  EXPECT_EQ(ps[0].Find("script-src")->values, std::vector<std::string>{"https://a.example"});
  ASSERT_EQ(ps[0].duplicates.size(), 1u);
  EXPECT_EQ(ps[0].duplicates[0], "script-src");
}

TEST(ParseCspTest, CommaSeparatesPolicies) {
  auto ps = ParseCspHeader("script-src 'self', object-src 'none'");
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_NE(ps[0].Find("script-src"), nullptr);
  EXPECT_NE(ps[1].Find("object-src"), nullptr);
}

TEST(ParseCspTest, ClassifiesSources) {
  EXPECT_EQ(ClassifyCspSource("'SELF'").kind, CspSourceKind::kKeyword);
  EXPECT_EQ(ClassifyCspSource("'SELF'").keyword, "self");
  EXPECT_EQ(ClassifyCspSource("'nonce-abc+/=='").kind, CspSourceKind::kNonce);
  EXPECT_EQ(ClassifyCspSource("'nonce-'").kind, CspSourceKind::kInvalid);
  EXPECT_EQ(ClassifyCspSource("'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8='").kind,
            CspSourceKind::kHash);
  EXPECT_EQ(ClassifyCspSource("https:").kind, CspSourceKind::kScheme);
  EXPECT_EQ(ClassifyCspSource("*").kind, CspSourceKind::kWildcard);
  EXPECT_EQ(ClassifyCspSource("*.example.fr").kind, CspSourceKind::kHost);
  EXPECT_EQ(ClassifyCspSource("https://cdn.example.fr:443/js/").kind, CspSourceKind::kHost);
  EXPECT_EQ(ClassifyCspSource("'bogus'").kind, CspSourceKind::kInvalid);
  EXPECT_EQ(ClassifyCspSource("exa mple").kind, CspSourceKind::kInvalid);
}

TEST(ParseCspTest, UnsafeInlineNeutralisedByNonceOrStrictDynamic) {
  auto v = AssessCspScripts(ParseCspHeader("script-src 'self' 'unsafe-inline'")[0]);
  EXPECT_TRUE(v.unsafe_inline);
  EXPECT_FALSE(v.Safe());
  v = AssessCspScripts(ParseCspHeader("script-src 'nonce-R4nd0m' 'unsafe-inline' https:")[0]);
  EXPECT_FALSE(v.unsafe_inline);
  EXPECT_TRUE(v.allows_any_host);  // https: still counts without 'strict-dynamic'
  EXPECT_FALSE(v.Safe());
  v = AssessCspScripts(ParseCspHeader(
      "script-src 'nonce-R4nd0m' 'strict-dynamic' 'unsafe-inline' https: http:; object-src 'none'")[0]);
  EXPECT_FALSE(v.unsafe_inline);
  EXPECT_FALSE(v.allows_any_host);
  EXPECT_TRUE(v.strict_dynamic);
  EXPECT_TRUE(v.Safe());
}

TEST(ParseCspTest, ScriptSrcFallsBackToDefaultSrc) {
  auto v = AssessCspScripts(ParseCspHeader("default-src 'self' 'unsafe-eval'")[0]);
  EXPECT_TRUE(v.governed);
  EXPECT_EQ(v.directive, "default-src");
  EXPECT_TRUE(v.unsafe_eval);
  v = AssessCspScripts(ParseCspHeader("img-src *")[0]);
  EXPECT_FALSE(v.governed);
  v = AssessCspScripts(ParseCspHeader("default-src *; script-src 'self'")[0]);
  EXPECT_TRUE(v.Safe());
}

TEST(ParseCspTest, ObjectFramingBaseUri) {
  auto p = ParseCspHeader("default-src 'none'; frame-ancestors 'none'; base-uri 'self'")[0];
  EXPECT_TRUE(CspRestrictsObjects(p));
  EXPECT_EQ(CspFrameAncestors(p), CspFraming::kRestricted);
  EXPECT_TRUE(CspRestrictsBaseUri(p));
  p = ParseCspHeader("object-src *; frame-ancestors *; base-uri *")[0];
  EXPECT_FALSE(CspRestrictsObjects(p));
  EXPECT_EQ(CspFrameAncestors(p), CspFraming::kPermissive);
  EXPECT_FALSE(CspRestrictsBaseUri(p));
  // frame-ancestors has no fallback and is ignored in <meta>.
  p = ParseCspHeader("default-src 'none'")[0];
  EXPECT_EQ(CspFrameAncestors(p), CspFraming::kAbsent);
  p = ParseCspHeader("frame-ancestors 'self'", false, /*from_meta=*/true)[0];
  EXPECT_EQ(CspFrameAncestors(p), CspFraming::kAbsent);
}

TEST(ParseCspTest, SeveralPoliciesAreAllEnforced) {
  std::vector<CspPolicy> ps = ParseCspHeader("default-src * 'unsafe-inline'");
  for (CspPolicy& p : ParseCspHeader(
           "script-src 'nonce-abc' 'strict-dynamic'; object-src 'none'; base-uri 'none'; "
           "frame-ancestors 'self'"))
    ps.push_back(p);
  CspAssessment a = AssessCsp(ps);
  EXPECT_EQ(a.enforced, 2u);
  EXPECT_TRUE(a.Meaningful());
}

TEST(ParseCspTest, ReportOnlyIsNotEnforced) {
  CspAssessment a = AssessCsp(ParseCspHeader("default-src 'self'", /*report_only=*/true));
  EXPECT_EQ(a.enforced, 0u);
  EXPECT_EQ(a.report_only, 1u);
  EXPECT_FALSE(a.Meaningful());
}

TEST(ParseCspTest, WeakPolicyListsWeaknesses) {
  CspAssessment a = AssessCsp(ParseCspHeader("default-src 'self' 'unsafe-inline' 'unsafe-eval'"));
  EXPECT_FALSE(a.scripts_safe);
  EXPECT_TRUE(a.objects_restricted);  // default-src 'self'
  EXPECT_FALSE(a.frame_ancestors);
  EXPECT_GE(a.weaknesses.size(), 3u);
  a = AssessCsp(ParseCspHeader("upgrade-insecure-requests"));
  EXPECT_TRUE(a.upgrade_insecure_requests);
  EXPECT_FALSE(a.scripts_safe);
}

TEST(ParseCspTest, GarbageIsBounded) {
  std::string junk;
  for (int i = 0; i < 50000; ++i) junk.push_back(static_cast<char>((i * 131) % 256));
  auto ps = ParseCspHeader(junk);
  EXPECT_LE(ps.size(), kCspMaxPolicies);
  for (const auto& p : ps) EXPECT_LE(p.directives.size(), kCspMaxDirectives);
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "a" + std::to_string(i) + " x;";
  ps = ParseCspHeader(many);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].directives.size(), kCspMaxDirectives);
  AssessCsp(ps);
}

}  // namespace
}  // namespace posture
