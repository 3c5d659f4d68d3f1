#include "volsync/namespace_glob.h"

namespace vg {

bool namespace_glob_match(std::string_view pattern, std::string_view name) {
  // Iterative matching with one backtrack point (the last `*`): linear in practice, no recursion.
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool namespace_is_glob(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

std::optional<std::string> namespace_pattern_error(std::string_view pattern) {
  if (pattern.empty()) return "\"\" names no namespace";
  if (pattern.size() > 63) return "\"" + std::string(pattern) + "\" is longer than a namespace name (63)";
  for (char c : pattern)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '*' || c == '?'))
      return "\"" + std::string(pattern) + "\": a namespace name or glob has only a-z, 0-9, '-', '*' and '?'";
  if (pattern.front() == '-' || pattern.back() == '-')
    return "\"" + std::string(pattern) + "\": a namespace name starts and ends with a letter or digit";
  return std::nullopt;
}

}  // namespace vg
