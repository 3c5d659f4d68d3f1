// Findings as text, for test expectations and failure messages.
#pragma once
#include <string>

#include "krm/finding.h"

namespace vg::test {

// The findings' rule ids, space-separated, in order.
inline std::string rules_of(const Findings& f) {
  std::string s;
  for (const auto& x : f) s += (s.empty() ? "" : " ") + x.rule;
  return s;
}

// Every finding as the user reads it, one per line.
inline std::string all(const Findings& f) {
  std::string s;
  for (const auto& x : f) s += x.to_text() + "\n";
  return s;
}

}  // namespace vg::test
