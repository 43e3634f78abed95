#pragma once
// A JSON Schema validator for the subset the project's schemas use, with the messages the
// README promises ("scoring.engagement[3].points: expected a number, got \"five\""). The
// published schemas (src/core/schema/*.schema.json) are the validators' input, so the file
// that editors and other tools read and the checks the core applies cannot disagree.
//
// Keywords: $ref (to #/$defs/...), type (one or a list), properties, required,
// additionalProperties (false, or a schema for map values), propertyNames, items, minItems,
// maxItems, minProperties, maxProperties, enum, const, minimum, maximum, exclusiveMinimum,
// minLength, maxLength (in code points), format (identifier, locale, country, endpoint,
// condition, date-time), oneOf (the branch whose type matches the value), anyOf (of
// required lists). Annotations: x-expected (how to name the expected value in messages),
// x-message (the message when minProperties, maxProperties or anyOf fail).
#include <string>

#include "campaign/reader.hpp"
#include "magnete/json.hpp"

namespace magnete::schema {

class Validator {
 public:
  /// `root` must outlive the validator; it holds the $defs that $ref names.
  explicit Validator(const Json& root) : root_(root) {}

  /// Checks `value` against the root schema; every problem goes to `reader` with its path.
  void validate(const Json& value, detail::Reader& reader, const std::string& path = "") const {
    check(value, root_, path, reader);
  }
  /// Checks `value` against the definition `#/$defs/<name>`.
  void validate_def(const Json& value, const char* name, detail::Reader& reader,
                    const std::string& path = "") const;

 private:
  void check(const Json& value, const Json& schema, const std::string& path,
             detail::Reader& reader) const;
  const Json& resolve(const Json& schema) const;
  std::string expected(const Json& schema) const;
  const Json& root_;
};

/// The campaign schema, parsed once (embedded in the build from campaign.schema.json).
const Json& campaign_schema();

}  // namespace magnete::schema
