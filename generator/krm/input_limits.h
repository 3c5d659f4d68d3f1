// Hard caps on input so that hostile or broken YAML fails with a clear error instead of
// exhausting memory or the stack. Defaults suit a repo-server; every one is configurable.
#pragma once
#include <cstddef>

namespace vg {

struct Limits {
  std::size_t max_input_bytes = 256u << 20;  // 256 MiB
  int max_depth = 128;                       // nesting of collections inside one document
  std::size_t max_aliases = 100;             // per item; billion-laughs needs many, manifests need few
  std::size_t max_items = 1'000'000;
  std::size_t max_scalar_bytes = 16u << 20;  // one string value
};

}  // namespace vg
