// embind bindings only: every call forwards JSON text to magnete::Session and returns JSON
// text, so no C++ exception or object graph crosses into JavaScript (STYLE principle 2).
//
// Plain functions on an integer handle rather than an embind class_: the class machinery
// (handles, smart pointers, finalizers, inheritance) is ~3 KB of gzipped glue the widget
// does not need. open() returns the handle; close() frees it; a closed or unknown handle
// answers {"ok":false,...} like any other failure.
//
// This is the whole API of the module the browser loads. The node module for the tests adds
// node_bindings.cpp (whole-lead scoring, campaign validation), which the widget never calls.
#include <emscripten/bind.h>

#include <memory>
#include <string>
#include <vector>

#include "magnete/session.hpp"

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

const std::string& no_engine() {
  static const std::string answer =
      R"({"ok":false,"errors":[{"path":"","message":"no such engine: open() a campaign first, or it was closed"}]})";
  return answer;
}

// Wraps a Session method as a function of (handle, args...).
template <auto Method, typename... Args>
std::string call(int handle, const Args&... args) {
  Session* s = find(handle);
  return s ? (s->*Method)(args...) : no_engine();
}

int open(const std::string& campaign) {
  auto& all = sessions();
  auto session = std::make_unique<Session>(campaign);
  for (size_t i = 0; i < all.size(); ++i) {
    if (!all[i]) {
      all[i] = std::move(session);
      return static_cast<int>(i + 1);
    }
  }
  all.push_back(std::move(session));
  return static_cast<int>(all.size());
}

void close(int handle) {
  if (find(handle)) sessions()[static_cast<size_t>(handle) - 1].reset();
}

std::string set_field(int h, const std::string& name, const std::string& value, const std::string& locale) {
  return call<&Session::set_field>(h, name, value, locale);
}
std::string set_consent(int h, const std::string& record) { return call<&Session::set_consent>(h, record); }
std::string add_event(int h, const std::string& event) { return call<&Session::add_event>(h, event); }
std::string answer(int h, const std::string& question, const std::string& answers, const std::string& locale) {
  return call<&Session::answer>(h, question, answers, locale);
}
std::string assess(int h, const std::string& now) { return call<&Session::assess>(h, now); }
std::string build_payload(int h, const std::string& meta, const std::string& at) {
  return call<&Session::build_payload>(h, meta, at);
}
std::string status(int h) { return call<&Session::status>(h); }

}  // namespace

EMSCRIPTEN_BINDINGS(magnete) {
  using emscripten::function;
  function("open", &open);
  function("close", &close);
  function("status", &status);
  function("setField", &set_field);
  function("setConsent", &set_consent);
  function("addEvent", &add_event);
  function("answer", &answer);
  function("assess", &assess);
  function("buildPayload", &build_payload);
}
