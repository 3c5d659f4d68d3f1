#include "schema/known_patterns.h"

#include <vector>

#include "krm/quantity.h"

namespace vg {
namespace {

constexpr std::string_view kSchedule =
    R"(^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\d+,)*\d+|(\d+(\/|-)\d+)|\*(\/\d+)?)\s?){5})$)";
constexpr std::string_view kQuantity =
    R"(^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$)";

// Where one cron field (`(\d+,)*\d+ | \d+[/-]\d+ | \*(/\d+)?`) starting at i can end.
std::vector<std::size_t> field_ends(std::string_view s, std::size_t i) {
  auto digit = [&](std::size_t p) { return p < s.size() && s[p] >= '0' && s[p] <= '9'; };
  std::vector<std::size_t> ends;
  if (i < s.size() && s[i] == '*') {
    ends.push_back(i + 1);
    if (i + 1 < s.size() && s[i + 1] == '/')
      for (std::size_t p = i + 2; digit(p); ++p) ends.push_back(p + 1);
    return ends;
  }
  if (!digit(i)) return ends;
  std::size_t run_end = i;
  while (digit(run_end)) ++run_end;
  // (\d+,)*\d+: any digit of the first run, then of each run after a comma.
  for (std::size_t p = i;;) {
    while (digit(p)) ends.push_back(++p);
    if (p < s.size() && s[p] == ',' && digit(p + 1)) ++p;
    else break;
  }
  // \d+[/-]\d+: only the whole first run can precede the separator.
  if (run_end < s.size() && (s[run_end] == '/' || s[run_end] == '-'))
    for (std::size_t p = run_end + 1; digit(p); ++p) ends.push_back(p + 1);
  return ends;
}

bool match_schedule(std::string_view s) {
  for (std::string_view d : {"@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly"})
    if (s.substr(0, d.size()) == d) return true;  // `^` anchors only this alternative
  const std::size_t n = s.size();
  auto space = [&](std::size_t p) {  // RE2 \s
    return p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\f' || s[p] == '\r');
  };
  // ok[k][i]: s[i..] matches (field \s?){k} up to the end (`$` anchors only this alternative).
  std::vector<std::vector<char>> ok(6, std::vector<char>(n + 2, 0));
  ok[0][n] = 1;
  for (int k = 1; k <= 5; ++k)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j : field_ends(s, i))
        if (ok[k - 1][j] || (space(j) && ok[k - 1][j + 1])) {
          ok[k][i] = 1;
          break;
        }
  for (std::size_t i = 0; i < n; ++i)
    if (ok[5][i]) return true;
  return false;
}

}  // namespace

std::optional<bool> match_known_pattern(std::string_view pattern, std::string_view value) {
  if (pattern == kSchedule) return match_schedule(value);
  if (pattern == kQuantity) return is_quantity(value);
  return std::nullopt;
}

}  // namespace vg
