// src/collector/url.cpp: urlencoded bodies (WHATWG URL Standard) and RFC 3986 references.
#include "url.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace magnete::collector {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(Urlencoded, PairsInOrderWithPlusAndPercentDecoded) {
  EXPECT_EQ(
      parse_urlencoded("email=mario%40example.it&first_name=Mario+Rossi&topics=crm&topics=forms"),
      (Pairs{{"email", "mario@example.it"},
             {"first_name", "Mario Rossi"},
             {"topics", "crm"},
             {"topics", "forms"}}));
  EXPECT_EQ(parse_urlencoded("consent%3Aprivacy=on&quiz%3Agoal=grow"),
            (Pairs{{"consent:privacy", "on"}, {"quiz:goal", "grow"}}));
  // UTF-8 as browsers send it; a literal "+" arrives as %2B.
  EXPECT_EQ(parse_urlencoded("city=S%C3%A3o+Paulo&phone=%2B39+333"),
            (Pairs{{"city", "São Paulo"}, {"phone", "+39 333"}}));
}

TEST(Urlencoded, EmptyPiecesAreSkippedAndANameWithoutEqualsHasAnEmptyValue) {
  EXPECT_EQ(parse_urlencoded(""), Pairs{});
  EXPECT_EQ(parse_urlencoded("&&a=1&&b&=c&d=="),
            (Pairs{{"a", "1"}, {"b", ""}, {"", "c"}, {"d", "="}}));
}

TEST(Urlencoded, ABadEscapeStaysAsWrittenAndBytesAreKept) {
  EXPECT_EQ(parse_urlencoded("a=100%&b=%zz&c=%4&d=%e9"),
            (Pairs{{"a", "100%"}, {"b", "%zz"}, {"c", "%4"}, {"d", "\xE9"}}));
  EXPECT_EQ(parse_urlencoded("x=%00y"), (Pairs{{"x", std::string("\0y", 2)}}));
}

TEST(HttpUrl, SplitsAnAbsoluteHttpUrl) {
  auto url = parse_http_url("HTTPS://Shop.example:8443/ebook/page.html?utm_source=news&x=1#top");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->authority, "Shop.example:8443");
  EXPECT_EQ(url->path, "/ebook/page.html");
  EXPECT_EQ(url->query, "utm_source=news&x=1");
  EXPECT_EQ(url->fragment, "top");
  EXPECT_EQ(origin_of(*url), "https://Shop.example:8443");
  EXPECT_EQ(parse_http_url("http://a.example")->path, "/");
}

TEST(HttpUrl, RefusesAnythingElse) {
  for (const char* text :
       {"", "/ebook/", "ftp://a.example/", "javascript:alert(1)", "http:///x",
        "http://a.example/a b", "http://a.example/\r\nSet-Cookie: x=1", "//a.example/x"}) {
    EXPECT_FALSE(parse_http_url(text).has_value()) << text;
  }
  EXPECT_FALSE(parse_http_url("http://a.example/" + std::string(4000, 'x')).has_value());
}

// RFC 3986 section 5.4.1 and 5.4.2, every example.
TEST(ResolveReference, Rfc3986Examples) {
  Url base = *parse_http_url("http://a/b/c/d;p?q");
  const std::vector<std::pair<const char*, const char*>> cases = {
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
      // Abnormal examples.
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
      {"http:g", "http:g"}};
  for (const auto& [reference, expected] : cases) {
    EXPECT_EQ(resolve_reference(base, reference), expected) << reference;
  }
}

TEST(ResolveReference, WithoutABaseHostTheResultIsAnchoredAtTheRoot) {
  Url root;
  root.path = "/";
  EXPECT_EQ(resolve_reference(root, "/ebook/a.pdf"), "/ebook/a.pdf");
  EXPECT_EQ(resolve_reference(root, "ebook/a.pdf"), "/ebook/a.pdf");
  EXPECT_EQ(resolve_reference(root, "../../a.pdf?x=1"), "/a.pdf?x=1");
  EXPECT_EQ(resolve_reference(root, "https://cdn.example/a.pdf"), "https://cdn.example/a.pdf");
  EXPECT_EQ(resolve_reference(root, "//cdn.example/a.pdf"), "//cdn.example/a.pdf");
}

TEST(SchemeOf, NamesTheSchemeOfAnAbsoluteReference) {
  EXPECT_EQ(scheme_of("HTTPS://a"), "https");
  EXPECT_EQ(scheme_of("javascript:alert(1)"), "javascript");
  EXPECT_EQ(scheme_of("/a:b"), "");
  EXPECT_EQ(scheme_of("./a:b"), "");
  EXPECT_EQ(scheme_of("a/b:c"), "");
  EXPECT_EQ(scheme_of("1a:b"), "");
}

TEST(HeaderSafeUrl, PercentEncodesWhatCouldEndOrBreakAHeader) {
  EXPECT_EQ(header_safe_url("https://a.example/ok?x=1#y"), "https://a.example/ok?x=1#y");
  EXPECT_EQ(header_safe_url("/a b\r\nSet-Cookie: x"), "/a%20b%0D%0ASet-Cookie:%20x");
  EXPECT_EQ(header_safe_url("/città"), "/citt%C3%A0");
}

}  // namespace
}  // namespace magnete::collector
