#include "krm/string_pool.h"

#include <algorithm>

namespace vg {

std::string_view StringPool::intern(std::string_view s) {
  constexpr std::size_t kChunk = 64 * 1024;
  if (chunks_.empty() || size_ - used_ < s.size()) {
    size_ = std::max(kChunk, s.size());
    chunks_.push_back(std::make_unique<char[]>(size_));
    used_ = 0;
  }
  char* at = chunks_.back().get() + used_;
  std::copy(s.begin(), s.end(), at);
  used_ += s.size();
  return {at, s.size()};
}

}  // namespace vg
