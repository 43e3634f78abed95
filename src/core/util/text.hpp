#pragma once
// Text helpers private to the core: UTF-8 checks, trimming, folding for comparisons and
// "did you mean" distances. No locale, no <cctype>: the same bytes in, the same bytes out.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "magnete/json.hpp"

namespace magnete::text {

bool valid_utf8(std::string_view s);
/// The text with every ill-formed UTF-8 sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view s);
/// Number of code points (s must be valid UTF-8).
std::size_t length(std::string_view s);
/// Strips ASCII whitespace, NBSP, BOM and zero-width spaces at both ends.
std::string trim(std::string_view s);
/// Lower case, accents removed (Latin-1 and Latin Extended-A), runs of spaces collapsed:
/// "Direttore  Généràle" -> "direttore generale". DOMAIN: job titles in Italian and English.
std::string fold(std::string_view s);
/// ASCII lower case only.
std::string lower_ascii(std::string_view s);
/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The candidate nearest to `word` when it is close enough to be a likely typo, else "".
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
/// A JSON value described for an error message: `"five"`, `5`, `an object`, ...
std::string describe(const Json& value);

}  // namespace magnete::text
