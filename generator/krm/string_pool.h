// Many small strings kept for a whole run (object identities, repository paths): copied into
// chunks that never move, so their views stay valid as long as the pool. A std::string each cost
// its 32 bytes plus a heap block of its own; at 10 000 PVCs the identities alone were megabytes.
#pragma once
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace vg {

class StringPool {
 public:
  // A copy of `s` that lives as long as the pool (no two calls share one: no lookup is made).
  std::string_view intern(std::string_view s);

 private:
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t used_ = 0, size_ = 0;
};

}  // namespace vg
