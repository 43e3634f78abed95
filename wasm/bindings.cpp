// The module's whole API: plain C functions on an integer handle, JSON text in and out, every
// call forwarded to magnete::Session (STYLE principle 2: no exception or object graph crosses
// into JavaScript). Its JavaScript half is wasm/abi.mjs.
//
// A C ABI rather than embind: the module then needs no Emscripten glue at all (wasm/abi.mjs is
// ~40 lines), where embind's runtime and Emscripten's loader were ~4 KB of gzipped JavaScript on
// every first use. A text goes in as (pointer, size) in the module's memory, which the caller
// allocates with malloc() and frees; a call's answer stays in the module, where answer_data()
// points, until the next call.
//
// Each call is a function magnete_<call>: magnete_open(campaign, variant) returns the handle,
// magnete_close() frees it, and a closed or unknown handle answers {"ok":false,...} like any other
// failure. The node module adds node_bindings.cpp.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/session.hpp"
#include "reply.hpp"

namespace {

using magnete::Session;

std::vector<std::unique_ptr<Session>>& sessions() {
  static std::vector<std::unique_ptr<Session>> all;
  return all;
}

Session* find(int handle) {
  auto& all = sessions();
  if (handle < 1 || static_cast<size_t>(handle) > all.size()) return nullptr;
  return all[static_cast<size_t>(handle) - 1].get();
}

std::string& last_answer() {
  static std::string text;
  return text;
}

}  // namespace

std::size_t magnete::wasm::reply(std::string text) {
  last_answer() = std::move(text);
  return last_answer().size();
}

namespace {

using magnete::wasm::reply;

constexpr char kNoEngine[] =
    R"({"ok":false,"errors":[{"path":"","message":"no such engine: open() a campaign first, or it was closed"}]})";

// Wraps a Session method as a call on (handle, texts...).
template <auto Method, typename... Texts>
size_t call(int handle, Texts... texts) {
  Session* s = find(handle);
  return reply(s ? (s->*Method)(texts...) : kNoEngine);
}

std::string_view text(const char* data, size_t size) { return {data, size}; }

}  // namespace

extern "C" {

/// The last call's answer (UTF-8, `size` bytes as that call returned); valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* magnete_answer_data() { return last_answer().data(); }

// The campaign as one of its variants ("" for its own texts): the core applies the variant.
EMSCRIPTEN_KEEPALIVE int magnete_open(const char* campaign, size_t size, const char* variant,
                                      size_t variant_size) {
  auto& all = sessions();
  auto session = std::make_unique<Session>(text(campaign, size), text(variant, variant_size));
  for (size_t i = 0; i < all.size(); ++i) {
    if (!all[i]) {
      all[i] = std::move(session);
      return static_cast<int>(i + 1);
    }
  }
  all.push_back(std::move(session));
  return static_cast<int>(all.size());
}

EMSCRIPTEN_KEEPALIVE void magnete_close(int handle) {
  if (find(handle)) sessions()[static_cast<size_t>(handle) - 1].reset();
}

EMSCRIPTEN_KEEPALIVE size_t magnete_status(int h) { return call<&Session::status>(h); }

EMSCRIPTEN_KEEPALIVE size_t magnete_set_field(int h, const char* name, size_t name_size,
                                              const char* value, size_t value_size,
                                              const char* locale, size_t locale_size) {
  return call<&Session::set_field>(h, text(name, name_size), text(value, value_size),
                                   text(locale, locale_size));
}

EMSCRIPTEN_KEEPALIVE size_t magnete_set_consent(int h, const char* record, size_t size) {
  return call<&Session::set_consent>(h, text(record, size));
}

EMSCRIPTEN_KEEPALIVE size_t magnete_add_event(int h, const char* event, size_t size) {
  return call<&Session::add_event>(h, text(event, size));
}

EMSCRIPTEN_KEEPALIVE size_t magnete_answer(int h, const char* question, size_t question_size,
                                           const char* answers, size_t answers_size,
                                           const char* locale, size_t locale_size) {
  return call<&Session::answer>(h, text(question, question_size), text(answers, answers_size),
                                text(locale, locale_size));
}

EMSCRIPTEN_KEEPALIVE size_t magnete_assess(int h, const char* now, size_t size) {
  return call<&Session::assess>(h, text(now, size));
}

EMSCRIPTEN_KEEPALIVE size_t magnete_build_payload(int h, const char* meta, size_t meta_size,
                                                  const char* at, size_t at_size) {
  return call<&Session::build_payload>(h, text(meta, meta_size), text(at, at_size));
}

}  // extern "C"
