// Hard caps on YAML input, one set for every reader: the ResourceList/stream scanner (krm/scan.h)
// and the Doc reader (doc.h) that reads config files, templates, CRDs and lint's files. Hostile or
// broken YAML then fails with the same clear error wherever it comes in, instead of exhausting
// memory or the stack. Defaults suit a repo-server; every one is configurable.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace vg {

struct Limits {
  std::size_t max_input_bytes = 256u << 20;  // 256 MiB
  int max_depth = 128;                       // nesting of collections inside one document
  std::size_t max_aliases = 100;             // per object; billion-laughs needs many, manifests need few
  // Nodes the aliases of one object may stand for in total. Counting aliases alone is not enough:
  // 2 aliases per level over 40 levels (~80 aliases, 500 bytes) expand to 2^40 nodes, which any
  // walk of the tree (validation, emitting a patched object) would never finish.
  std::size_t max_alias_nodes = 10'000;
  std::size_t max_items = 1'000'000;
  std::size_t max_scalar_bytes = 16u << 20;  // one string value
};

// The messages of a broken limit or rule, the same from every reader (rule ids in parentheses).
namespace limit_message {

inline std::string input_size(std::size_t size, const Limits& l) {  // limit-input-size
  return "input is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(l.max_input_bytes);
}
inline std::string depth(const Limits& l) {  // limit-depth
  return "nesting deeper than " + std::to_string(l.max_depth) + " levels";
}
inline std::string aliases(const Limits& l) {  // limit-aliases
  return "more than " + std::to_string(l.max_aliases) + " aliases in one object (alias expansion is capped)";
}
inline std::string alias_nodes(const Limits& l) {  // limit-aliases
  return "aliases in one object stand for more than " + std::to_string(l.max_alias_nodes) +
         " nodes (alias expansion is capped)";
}
inline std::string scalar(std::size_t size, const Limits& l) {  // limit-scalar
  return "a scalar of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(l.max_scalar_bytes);
}
inline std::string alias_cycle(std::string_view name) {  // yaml-alias-cycle
  return "alias *" + std::string(name) + " refers to a node that contains it";
}
inline std::string duplicate_key(std::string_view key) {  // yaml-duplicate-key
  return "duplicate key \"" + std::string(key) + "\" (Kubernetes rejects duplicate fields; most tools silently keep one)";
}

}  // namespace limit_message
}  // namespace vg
