// Linear-time matchers for the CRD patterns VolSync uses on user values. std::regex backtracks:
// the schedule pattern's nested quantifiers take exponential time on 40 digits (found by the
// schema fuzzer), so these two are matched by hand with Kubernetes' (RE2 search) semantics.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vg {

// nullopt when `pattern` is not one we know; else whether `value` matches it.
std::optional<bool> match_known_pattern(std::string_view pattern, std::string_view value);

}  // namespace vg
