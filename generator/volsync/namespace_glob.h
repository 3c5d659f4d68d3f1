// Namespace patterns of the functionConfig (credentials.byNamespace, the namespace policy): a
// namespace name or a glob. One matcher, so every setting reads a pattern the same way.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vg {

// Glob match as Go's path.Match and the shell: `*` any run of characters, `?` one character,
// everything else literal. Namespaces have no `/`, so `*` has no separator to stop at.
bool namespace_glob_match(std::string_view pattern, std::string_view name);

// A pattern with `*` or `?`: an exact name beats it (credentials.byNamespace).
bool namespace_is_glob(std::string_view pattern);

// Why an entry cannot name a namespace (a DNS-1123 label in which `*` and `?` may stand for characters).
std::optional<std::string> namespace_pattern_error(std::string_view pattern);

}  // namespace vg
