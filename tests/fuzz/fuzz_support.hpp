#pragma once
// Checks shared by the fuzz targets. A failed check aborts, which libFuzzer reports as a
// crash and keeps the input (the fuzzers are built with NDEBUG, so no assert()).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "magnete/error.hpp"
#include "magnete/json.hpp"

namespace magnete::fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz check failed: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

#define MAGNETE_FUZZ_CHECK(condition, detail) \
  ((condition) ? (void)0 : ::magnete::fuzz::fail(#condition, (detail)))

/// What every JSON-text entry point answers: an object with a boolean "ok".
inline void check_answer(const std::string& text) {
  Json value = Json::parse(text, nullptr, false);
  MAGNETE_FUZZ_CHECK(!value.is_discarded() && value.is_object(), text);
  auto ok = value.find("ok");
  MAGNETE_FUZZ_CHECK(ok != value.end() && ok->is_boolean(), text);
}

/// Errors are values that cross the wasm boundary as JSON text: each has a message, and the
/// list serialises with the strict (throwing) encoder, i.e. it is valid UTF-8.
inline void check_errors(const Errors& errors) {
  for (const auto& e : errors) MAGNETE_FUZZ_CHECK(!e.message.empty(), e.path);
  (void)to_json(errors).dump();
}

}  // namespace magnete::fuzz
