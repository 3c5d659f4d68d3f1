// "Did you mean": the known word nearest to a misspelt one (config keys, annotations, rule ids,
// environment names). Typos are the common mistake, so a suggestion is worth one edit distance.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vg {

// Levenshtein distance, ASCII letters compared without case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is at most `max_distance` edits away (the first of equals,
// in candidate order), else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates,
                    std::size_t max_distance = 3);

}  // namespace vg
