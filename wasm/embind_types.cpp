// embind's builtin type registrations, trimmed to the types bindings.cpp uses: void, int and
// std::string. Emscripten's own (system/lib/embind/bind.cpp, MIT) also registers bool, the
// other integers, the floats, the 64-bit integers, std::wstring/u16string/u32string,
// emscripten::val and 18 memory views, and each registration links its JavaScript half into
// the glue (UTF-16/UTF-32 codecs, the emval handle table, typed-array views): ~2 KB gzipped
// the widget never calls. Defining these two symbols here keeps libembind's bind.o out of
// the link; the rest of embind (its headers and library_embind.js) is used as shipped.
//
// A binding that takes or returns another type fails loudly when the module starts
// ("... has unknown type ..."): register the type below with the others.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <string>
#include <typeinfo>

using namespace emscripten::internal;

extern "C" {

// Names a type in embind's errors. Built without RTTI (wasm/CMakeLists.txt), a type is known
// only by its id, printed in hex as embind's own bind.cpp does; the caller frees the text.
EMSCRIPTEN_KEEPALIVE const char* __getTypeName(const std::type_info* ti) {
  auto id = reinterpret_cast<uintptr_t>(ti);
  char text[2 + 2 * sizeof id + 1] = "0x";
  for (size_t i = 0; i < 2 * sizeof id; ++i) text[2 + i] = "0123456789abcdef"[(id >> (4 * (2 * sizeof id - 1 - i))) & 0xf];
  text[sizeof text - 1] = '\0';
  return strdup(text);
}

// A constructor, run by __wasm_call_ctors; not exported (bind.cpp exports it for pthreads,
// which this module does not use).
__attribute__((constructor)) void __embind_register_native_and_builtin_types() {
  _embind_register_void(TypeID<void>::get(), "void");
  _embind_register_integer(TypeID<int>::get(), "int", sizeof(int), INT_MIN, INT_MAX);
  _embind_register_std_string(TypeID<std::string>::get(), "std::string");
}

}  // extern "C"
