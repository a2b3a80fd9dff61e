// ResolveUrl: RFC 3986 §5.4 examples, plus the shapes Location headers take.
#include <gtest/gtest.h>

#include "scanner/http/http_client.h"

namespace posture {
namespace {

struct Case {
  const char* ref;
  const char* want;
};

// RFC 3986 §5.4.1 and §5.4.2 (strict parser), base "http://a/b/c/d;p?q".
constexpr Case kRfcCases[] = {
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
    // abnormal
    {"../../../g", "http://a/g"},
    {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"},
    {"/../g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
};

TEST(ResolveUrlTest, Rfc3986Examples) {
  for (const Case& c : kRfcCases) {
    EXPECT_EQ(ResolveUrl("http://a/b/c/d;p?q", c.ref), c.want) << "reference: " << c.ref;
  }
}

TEST(ResolveUrlTest, AbsoluteLocationKeptWithDotSegmentsRemoved) {
  EXPECT_EQ(ResolveUrl("http://mairie.test/", "https://www.mairie.test/"),
            "https://www.mairie.test/");
  EXPECT_EQ(ResolveUrl("http://mairie.test/", "HTTPS://www.mairie.test/a/../b"),
            "https://www.mairie.test/b");
}

TEST(ResolveUrlTest, SchemeRelativeTakesTheBaseScheme) {
  EXPECT_EQ(ResolveUrl("https://mairie.test/x", "//cdn.mairie.test/y?z"),
            "https://cdn.mairie.test/y?z");
  EXPECT_EQ(ResolveUrl("http://mairie.test:8080/x", "//other.test"), "http://other.test");
}

TEST(ResolveUrlTest, RelativePathsAgainstHostOnlyBase) {
  EXPECT_EQ(ResolveUrl("http://mairie.test", "accueil.html"), "http://mairie.test/accueil.html");
  EXPECT_EQ(ResolveUrl("http://mairie.test:81/", "/fr/"), "http://mairie.test:81/fr/");
  EXPECT_EQ(ResolveUrl("https://mairie.test/a/b/index.php?x=1", "../c/"),
            "https://mairie.test/a/c/");
}

TEST(ResolveUrlTest, SurroundingWhitespaceIgnored) {
  EXPECT_EQ(ResolveUrl("http://mairie.test/a", "  /b \t"), "http://mairie.test/b");
}

TEST(ResolveUrlTest, ColonInFirstSegmentIsNotASchemeWhenInvalid) {
  // "1a:b" is not a valid scheme (must start with a letter): a relative path.
  EXPECT_EQ(ResolveUrl("http://a/b/c", "1a:b"), "http://a/b/1a:b");
}

TEST(ResolveUrlTest, BaseWithoutSchemeReturnsLocation) {
  EXPECT_EQ(ResolveUrl("not a url", " /x "), "/x");
}

}  // namespace
}  // namespace posture
