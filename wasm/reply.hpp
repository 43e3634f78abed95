#pragma once
// A call's answer stays in the module until the next call (bindings.cpp).
#include <cstddef>
#include <string>

namespace magnete::wasm {

/// Keeps `text` as the answer magnete_answer_data() points to; returns its size in bytes.
std::size_t reply(std::string text);

}  // namespace magnete::wasm
