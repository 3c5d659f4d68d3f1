// Unified diff (diff -u format) of two texts, for `render --check` and anything else that has to
// show a human what would change. Line based; small inputs (generated manifests).
#pragma once
#include <string>
#include <string_view>

namespace vg {

// "--- old_name\n+++ new_name\n@@ ... @@\n..." with `context` unchanged lines around each change;
// empty when the texts are equal. A text without a final newline gets the usual
// "\ No newline at end of file" marker. Inputs too large for the quadratic LCS table are shown as
// one hunk replacing everything (still a valid patch).
std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view old_name,
                         std::string_view new_name, int context = 3);

}  // namespace vg
