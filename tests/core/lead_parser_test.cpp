// The magnete-v1 shape's stated limits: src/core/lead/lead_parser.cpp.
#include <gtest/gtest.h>

#include <string>

#include "magnete/lead.hpp"

namespace magnete {
namespace {

std::string first_error(const LeadResult& result) {
  return result.errors.empty() ? "" : to_string(result.errors[0]);
}

TEST(LeadParser, MetaOfMoreThanOneKilobyteIsRefusedNamingIt) {
  Json lead = {{"id", "x"}, {"meta", {{"hp", ""}, {"elapsed_ms", 2000}, {"note", ""}}}};
  const std::size_t base = lead["meta"].dump().size();
  lead["meta"]["note"] = std::string(LeadLimits::kMaxMetaBytes - base, 'x');
  ASSERT_EQ(lead["meta"].dump().size(), 1024u);
  EXPECT_TRUE(parse_lead_document(lead).ok());
  lead["meta"]["note"] = std::string(LeadLimits::kMaxMetaBytes - base + 1, 'x');
  EXPECT_EQ(first_error(parse_lead_document(lead)),
            "meta: expected at most 1024 bytes as JSON, got 1025");
}

TEST(LeadParser, AttributionOfMoreThanThirtyTwoKilobytesIsRefusedNamingIt) {
  Json lead = {{"id", "x"}, {"attribution", {{"page_url", ""}}}};
  const std::size_t base = lead["attribution"].dump().size();
  lead["attribution"]["page_url"] = std::string(32 * 1024 - base, 'u');
  EXPECT_TRUE(parse_lead_document(lead).ok());
  lead["attribution"]["page_url"] = std::string(32 * 1024 - base + 1, 'u');
  EXPECT_EQ(first_error(parse_lead_document(lead)),
            "attribution: expected at most 32768 bytes as JSON, got 32769");
}

}  // namespace
}  // namespace magnete
